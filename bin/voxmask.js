#!/usr/bin/env node
// The voxmask command line. The TypeScript sources compile to dist/ (npm run build).
// Errors, commander's included, are printed with phone numbers masked unless --show-numbers is given.
const { createProgram } = require('../dist/src/cli/main.js');
const { maskCommanderErrors, printableError, SHOW_NUMBERS_FLAG } = require('../dist/src/cli/options.js');

const showNumbers = process.argv.includes(SHOW_NUMBERS_FLAG);
maskCommanderErrors(createProgram(), showNumbers)
  .parseAsync(process.argv)
  .catch((err) => {
    process.stderr.write(`voxmask: ${printableError(err, showNumbers)}\n`);
    process.exitCode = process.exitCode || 1;
  });

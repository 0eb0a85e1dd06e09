#!/usr/bin/env bash
# The one tree-wide reformat with prettier (issue 11 §8), run once when no branch is in flight: done
# earlier, it would conflict with every engineer's open work. It reformats, rebuilds the committed
# bundle (a reformatted scenario prints differently), makes `npm test` check formatting from then on,
# and commits; the reformat commit goes into .git-blame-ignore-revs so `git blame` looks through it.
# Usage: scripts/format-all.sh   (from any folder; needs a clean work tree and installed node_modules)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "$(git status --porcelain)" ]; then
  echo "format-all: the work tree has uncommitted changes; commit or stash them first, so the reformat is one commit" >&2
  exit 1
fi

# From now on npm test checks formatting, beside the type-check and the lint.
node - <<'NODE'
const fs = require('node:fs');
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const test = pkg.scripts.test;
if (!test.includes('format:check')) {
  if (!test.includes('typecheck lint')) {
    console.error(`format-all: the test script has no 'typecheck lint' to add 'format:check' to: ${test}`);
    process.exit(1);
  }
  pkg.scripts.test = test.replace('typecheck lint', 'typecheck lint format:check');
  fs.writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
}
NODE

# Twice: prettier is not always idempotent (a long optional-call member chain settles on the second pass).
npx prettier --write --log-level warn .
npx prettier --write --log-level warn .
# test/build/bundle.test.ts compares the committed bundle with a fresh build.
npm run --silent build
npx prettier --check --log-level warn .
changed="$(git status --porcelain | wc -l)"
git add -A
git commit --quiet -m "format: prettier over the whole tree" \
  -m "The one tree-wide reformat (issue 11 §8, scripts/format-all.sh): $changed files. Formatting only, plus the bundle rebuilt from the reformatted scenarios; npm test checks formatting from now on."

[ -f .git-blame-ignore-revs ] || header=yes
{
  [ -z "${header:-}" ] || echo "# Formatting-only commits; git blame skips them with: git config blame.ignoreRevsFile .git-blame-ignore-revs"
  echo "# format: prettier over the whole tree"
  git rev-parse HEAD
} >> .git-blame-ignore-revs
git add .git-blame-ignore-revs
git commit --quiet -m "git blame looks through the tree-wide reformat" -m "git config blame.ignoreRevsFile .git-blame-ignore-revs"
echo "format-all: reformatted $changed files in $(git rev-parse --short HEAD~1); npm test now runs format:check"

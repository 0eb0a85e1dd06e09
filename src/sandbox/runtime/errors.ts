/** Named errors of the runtime emulator. Each carries a machine-readable code or field. */

import { VoxmaskError } from '../../errors';

/** Validation error for a call script; `field` is the path, e.g. `calls[0].actions[2].press`. */
export class CallScriptError extends VoxmaskError {
  override name = 'CallScriptError';
  readonly code = 'E_CALL_SCRIPT';
  constructor(
    /** Path of the offending field, e.g. `calls[0].actions[1].press`; '' for the script as a whole. */
    readonly field: string,
    message: string,
  ) {
    super(field ? `${field}: ${message}` : message);
  }
}

/** Bad arguments given to the emulator's Node-side API (not to scenario code). Message: `<field>: <problem>`. */
export class EmulatorUsageError extends VoxmaskError {
  override name = 'EmulatorUsageError';
  readonly code = 'E_EMULATOR_USAGE';
  constructor(
    /** The offending option or argument, e.g. `options.startTime`. */
    readonly field: string,
    /** What is wrong with it, without the field, e.g. `must be epoch ms or an ISO 8601 date, got "x"`. */
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/**
 * The one base of voxmask's own errors, and the exit codes of the `voxmask` CLI.
 *
 * A VoxmaskError is a *user* error: bad input, a file, the configuration, credentials, the platform's
 * answer. The CLI prints its message (phone numbers masked) and exits with its `exitCode`. Any other
 * exception is a bug: the CLI prints its stack (masked too) and exits EXIT.INTERNAL (70, EX_SOFTWARE).
 *
 * Not VoxmaskErrors, on purpose: the errors the sandbox raises *as the platform* (ApiError, BodyError,
 * KeyValueError in the Management API emulator; StorageError, NetOptionsError thrown into scenario
 * code): their `code` is the platform's numeric code (docs/platform.md#error-codes) and their shape
 * is the platform's, never a voxmask code. test/errors.test.ts holds that list.
 */

/** Exit codes of `voxmask` (also in `voxmask --help` and the README's "Exit codes"). */
export const EXIT = {
  /** The command did what was asked. */
  OK: 0,
  /** A user error (a VoxmaskError or a bad option): the message says what to fix; `start --once`: a call did not end as expected. */
  USER_ERROR: 1,
  /** Some input items were refused: seed rows rejected, dead letters rejected; `call`: the run failed or the sandbox refused. */
  REJECTED: 2,
  /** Some items failed on the platform (seed rows, drain handlers); 6 = 2 | 4, both. */
  FAILED: 4,
  /** The Management API could not be reached (PlatformTransportError, after the retries): worth retrying later (EX_UNAVAILABLE). */
  UNAVAILABLE: 69,
  /** A bug in voxmask: the stack is printed (EX_SOFTWARE, sysexits.h). */
  INTERNAL: 70,
} as const;

/** The exit-code table as `voxmask --help` prints it, one `  code  meaning` line each. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  `  ${EXIT.OK}   done`,
  `  ${EXIT.USER_ERROR}   user error: bad option, file, configuration or credentials (the message says what to fix);`,
  '      start --once: a call did not end as the script expects',
  `  ${EXIT.REJECTED}   seed: rows rejected; results drain: dead letters rejected; call: the run failed or the sandbox refused`,
  `  ${EXIT.FAILED}   seed: rows failed on the platform; results drain: handlers failed (${EXIT.REJECTED | EXIT.FAILED} = both ${EXIT.REJECTED} and ${EXIT.FAILED})`,
  `  ${EXIT.UNAVAILABLE}  the Management API could not be reached (retry later)`,
  `  ${EXIT.INTERNAL}  internal error (a bug in voxmask): the stack is printed; please report it`,
].join('\n');

/**
 * Base of every error voxmask throws on purpose. `code` names the cause for programs (`E_CONFIG`;
 * a class with several causes, e.g. ResultRejectedError, uses one code per cause); `exitCode` is
 * what the CLI exits with when it reaches the top (default EXIT.USER_ERROR). `name` stays the
 * subclass's name and `message` its own text: tests and users match on them.
 */
export abstract class VoxmaskError extends Error {
  /** The machine-readable cause, unique to the class: `E_CONFIG`, `E_SEED_FILE`, … (the README lists them). */
  abstract readonly code: string;
  /** The CLI's exit code for this error (EXIT). */
  readonly exitCode: number = EXIT.USER_ERROR;
}

/** Whether `error` is a VoxmaskError (a user error the CLI reports by its message only). */
export function isVoxmaskError(error: unknown): error is VoxmaskError {
  return error instanceof VoxmaskError;
}

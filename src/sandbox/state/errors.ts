import { withIssues } from '../../config/issues';
import { VoxmaskError } from '../../errors';

/** A state file of the sandbox folder (`state.db`, or an older `state.json`) cannot be used; `file` names it, `issues` lists `field: problem`. */
export class SandboxStateError extends VoxmaskError {
  override name = 'SandboxStateError';
  readonly code = 'E_SANDBOX_STATE';
  constructor(
    readonly file: string,
    message: string,
    readonly issues: string[] = [],
  ) {
    super(withIssues(message, issues));
  }
}

/** Another live process (or another Sandbox in this process) already serves this folder. */
export class SandboxLockedError extends VoxmaskError {
  override name = 'SandboxLockedError';
  readonly code = 'E_SANDBOX_LOCKED';
  constructor(
    readonly dir: string,
    readonly pid: number,
    lockFile: string,
  ) {
    super(`the sandbox folder ${dir} is in use by process ${pid} (${lockFile}); stop that sandbox or use another folder`);
  }
}

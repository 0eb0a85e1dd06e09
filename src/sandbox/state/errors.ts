import { withIssues } from '../../config/issues';

/** A state file of the sandbox folder (`state.db`, or an older `state.json`) cannot be used; `file` names it, `issues` lists `field: problem`. */
export class SandboxStateError extends Error {
  override name = 'SandboxStateError';
  constructor(
    readonly file: string,
    message: string,
    readonly issues: string[] = [],
  ) {
    super(withIssues(message, issues));
  }
}

/** Another live process (or another Sandbox in this process) already serves this folder. */
export class SandboxLockedError extends Error {
  override name = 'SandboxLockedError';
  constructor(
    readonly dir: string,
    readonly pid: number,
    lockFile: string,
  ) {
    super(`the sandbox folder ${dir} is in use by process ${pid} (${lockFile}); stop that sandbox or use another folder`);
  }
}

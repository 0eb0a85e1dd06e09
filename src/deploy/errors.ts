/** Errors of `voxmask deploy` (src/deploy/). */

import { VoxmaskError } from '../errors';

/** A voxengine-ci working file (config, metadata, scenario bundle) that is missing or malformed. */
export class VoxfilesError extends VoxmaskError {
  override name = 'VoxfilesError';
  readonly code = 'E_VOXFILES';
  constructor(
    /** The file or folder at fault. */
    readonly file: string,
    /** What is wrong, naming the field when there is one. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** Why a plan cannot be carried out as it stands. */
export interface PlanProblem {
  /** `drift`: a scenario was edited on the platform since the last deploy (`--force` overrides).
   *  `number`: a configured number cannot be bound. `application`: the application cannot be matched.
   *  `scenario`: a platform scenario's name equals a wanted one ignoring case. */
  kind: 'drift' | 'number' | 'application' | 'scenario';
  /** What is affected: a scenario name, an E.164 number, an application name. */
  subject: string;
  message: string;
  /** Whether `--force` would let deploy go ahead. */
  forceable: boolean;
}

/** One problem as the plan prints it: its message, and whether `--force` overrides it. */
export function describeProblem(problem: PlanProblem): string {
  return `${problem.message}${problem.forceable ? ' (--force overrides)' : ''}`;
}

/** The plan has problems (listed, each as describeProblem writes it); nothing was written. */
export class DeployRefusedError extends VoxmaskError {
  override name = 'DeployRefusedError';
  readonly code = 'E_DEPLOY_REFUSED';
  constructor(readonly problems: PlanProblem[]) {
    super(`deploy refused, nothing was changed:\n${problems.map((p) => `  - ${describeProblem(p)}`).join('\n')}`);
  }
}

/** The platform answered something deploy cannot work with (e.g. a created object cannot be found again). */
export class DeployStateError extends VoxmaskError {
  override name = 'DeployStateError';
  readonly code = 'E_DEPLOY_STATE';
}

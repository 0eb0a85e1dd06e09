import type { VoxmaskConfig } from '../config';
import type { OpenTarget, TargetChoice } from '../platform/target';
import { buildScenarios } from './build-step';
import { deploy, DeployResult } from './deploy';

/** How one deploy run goes, beyond the configuration. */
export interface DeployRunOptions {
  /** Build the scenario bundles from `config.scenario` first (written to voxfiles/ unless dryRun). */
  build: boolean;
  force?: boolean;
  dryRun?: boolean;
  /** Receives the plan and progress, one line per call. */
  log: (line: string) => void;
}

/**
 * `voxmask deploy` as configured: optionally build the bundles, then make the application on `target`
 * match voxfiles/ (src/deploy/deploy.ts). The one path both the deploy command and `voxmask start` take.
 * @throws BundleError when a build fails; the errors of deploy() otherwise
 */
export async function deployFromConfig(config: VoxmaskConfig, target: OpenTarget, choice: TargetChoice, run: DeployRunOptions): Promise<DeployResult> {
  const settings = config.deploy;
  const builtScenarios = run.build ? await buildScenarios(config.scenario, settings.voxfilesDir, !run.dryRun) : undefined;
  if (builtScenarios) run.log(`Built ${Object.keys(builtScenarios).join(', ')}${run.dryRun ? ' in memory (dry run)' : ''}`);
  return deploy({
    api: target.api,
    voxfilesDir: settings.voxfilesDir,
    metadataDir: choice.metadataDir,
    applicationName: settings.applicationName,
    numbers: settings.numbers,
    canRentNumbers: target.kind === 'sandbox',
    rental: settings.sandboxRental,
    force: run.force,
    dryRun: run.dryRun,
    builtScenarios,
    log: run.log,
  });
}

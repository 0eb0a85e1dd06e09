import type { VoxmaskConfig } from '../config';
import type { DeployConfig, DeployNumber } from '../config/deploy';
import type { OpenTarget, TargetChoice } from '../platform/target';
import { buildScenarios } from './build-step';
import { deploy, DeployResult } from './deploy';

/**
 * Every virtual number deploy binds: the shared PIN numbers of `deploy.numbers` as configured, then
 * each pool number of `deploy.pool.numbers` bound to the pool rule (`deploy.pool.rule`), so the
 * platform sends its calls to the pool-call scenario whatever the rules' patterns (a number bound to a
 * rule is routed to it, docs/platform.md#phone-numbers).
 */
export function configuredNumbers(settings: DeployConfig): DeployNumber[] {
  return [...settings.numbers, ...settings.pool.numbers.map((n) => ({ number: n.number, rule: settings.pool.rule }))];
}

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
export async function deployFromConfig(
  config: VoxmaskConfig,
  target: OpenTarget,
  choice: TargetChoice,
  run: DeployRunOptions,
): Promise<DeployResult> {
  const settings = config.deploy;
  const builtScenarios = run.build ? await buildScenarios(config.scenario, settings.voxfilesDir, !run.dryRun) : undefined;
  if (builtScenarios) run.log(`Built ${Object.keys(builtScenarios).join(', ')}${run.dryRun ? ' in memory (dry run)' : ''}`);
  return deploy({
    api: target.api,
    voxfilesDir: settings.voxfilesDir,
    metadataDir: choice.metadataDir,
    applicationName: settings.applicationName,
    numbers: configuredNumbers(settings),
    canRentNumbers: target.kind === 'sandbox',
    rental: settings.sandboxRental,
    force: run.force,
    dryRun: run.dryRun,
    builtScenarios,
    log: run.log,
  });
}

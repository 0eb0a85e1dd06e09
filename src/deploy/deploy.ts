import { resolve } from 'node:path';
import type { DeployNumber } from '../config/deploy';
import type { PlatformApi } from '../platform/api';
import { describeAction } from './actions';
import { DeployRefusedError, DeployStateError, describeProblem } from './errors';
import { contextFromSnapshot, executePlan, RentalSpec } from './execute';
import { changedMetadataFiles, readScenarioMetadata, writeMetadataFiles } from './metadata';
import { metadataFilesFor } from './metadata-state';
import { DeployPlan, planDeploy } from './plan';
import { fullApplicationName } from '../../contract/application-name';
import { readAccount } from '../platform/application';
import { readRules, readSnapshot } from './snapshot';
import { readDesiredApplication } from './voxfiles';

/** Everything one deploy run needs. The target (sandbox or real account) is only in `api`. */
export interface DeployOptions {
  api: PlatformApi;
  /** voxengine-ci root (`voxfiles`). */
  voxfilesDir: string;
  /** Metadata root (`voxfiles/.voxengine-ci` for a real account). */
  metadataDir: string;
  /** Short or full application name. */
  applicationName: string;
  numbers: DeployNumber[];
  /** True for the sandbox: missing numbers are rented there. */
  canRentNumbers: boolean;
  rental: RentalSpec;
  /** Overwrite scenarios edited on the platform; move numbers bound to other applications. */
  force?: boolean;
  /** Print the plan and stop: no API writes, no files. */
  dryRun?: boolean;
  /** Receives the printed plan and progress, one line per call. */
  log?: (line: string) => void;
  /** Scenario texts just built (build-step.ts), by name; they replace reading those bundles from voxfiles/. */
  builtScenarios?: Readonly<Record<string, string>>;
}

/** What a run did (or, with dryRun, would do). */
export interface DeployResult {
  plan: DeployPlan;
  dryRun: boolean;
  /** Metadata files written, relative to the metadata root (in a dry run: files that would change, when known). */
  metadataFiles: string[];
}

/** The plan as printed by deploy and `--dry-run`: one code path for both. */
export function formatPlan(plan: DeployPlan): string[] {
  const lines = [`Plan for ${plan.applicationName}:`];
  if (plan.actions.length === 0) lines.push('  no changes on the platform');
  plan.actions.forEach((a, i) => lines.push(`  ${i + 1}. ${describeAction(a)}`));
  for (const note of plan.notes) lines.push(`  = ${note}`);
  for (const p of plan.problems) lines.push(`  ! ${describeProblem(p)}`);
  return lines;
}

/**
 * Makes the application on the platform match voxfiles/: computes the plan, prints it, then (unless
 * dryRun) executes it and writes the voxengine-ci metadata files that changed. A run with nothing to
 * change makes no write call.
 * @throws DeployRefusedError when the plan has problems (drift without force, unrentable number, …);
 *   VoxfilesError for bad local files; PlatformApiError/PlatformTransportError from the API
 */
export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const log = options.log ?? (() => undefined);
  const account = await readAccount(options.api);
  const applicationName = fullApplicationName(options.applicationName, account.accountName);
  const desired = readDesiredApplication(options.voxfilesDir, applicationName, options.builtScenarios);
  const snapshot = await readSnapshot(options.api, {
    account,
    applicationName,
    scenarioNames: desired.scenarios.map((s) => s.name),
    withNumbers: options.numbers.length > 0,
  });
  const metadataDir = resolve(options.metadataDir);
  const plan = planDeploy({
    desired,
    snapshot,
    scenarioMetadata: (name) => readScenarioMetadata(metadataDir, name),
    numbers: options.numbers,
    canRentNumbers: options.canRentNumbers,
    force: options.force ?? false,
  });
  for (const line of formatPlan(plan)) log(line);
  if (plan.problems.length > 0) throw new DeployRefusedError(plan.problems);

  const ctx = contextFromSnapshot(options.api, snapshot, options.rental);
  if (options.dryRun) {
    const pending =
      plan.actions.length === 0 && ctx.applicationId !== undefined
        ? changedMetadataFiles(metadataDir, metadataFilesFor(desired, { ...stateOf(ctx), rules: snapshot.rules })).map((f) => f.path)
        : [];
    log(
      plan.actions.length === 0
        ? `Dry run: metadata files that would be written: ${pending.length ? pending.join(', ') : 'none'}`
        : `Dry run: nothing written; the metadata under ${metadataDir} would be refreshed after the changes`,
    );
    return { plan, dryRun: true, metadataFiles: pending };
  }

  await executePlan(plan.actions, ctx, log);
  const rules = plan.actions.length > 0 ? await readRules(options.api, stateOf(ctx).applicationId) : snapshot.rules;
  const changed = changedMetadataFiles(metadataDir, metadataFilesFor(desired, { ...stateOf(ctx), rules }));
  await writeMetadataFiles(metadataDir, changed);
  for (const f of changed) log(`  wrote ${f.path}`);
  log(plan.actions.length === 0 ? 'Deploy: the platform already matched voxfiles/.' : `Deploy: ${plan.actions.length} change(s) applied.`);
  return { plan, dryRun: false, metadataFiles: changed.map((f) => f.path) };
}

function stateOf(ctx: ReturnType<typeof contextFromSnapshot>) {
  if (ctx.applicationId === undefined) throw new DeployStateError(`application ${ctx.applicationName} has no id after deploy`);
  return { applicationId: ctx.applicationId, applicationName: ctx.applicationName, scenarioIds: ctx.scenarioIds };
}

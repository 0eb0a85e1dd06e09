import VoximplantApiClient from '@voximplant/apiclient-nodejs';
import { createHash } from 'node:crypto';

/**
 * A replay, at the API level, of voxengine-ci 28's application-level `upload` (docs/platform.md#voxengine-ci-upload):
 * the same Management API calls with the same parameters, in the same order, through the real client,
 * deciding from the answers as CI does. Files are replaced by in-memory maps: `dist` (built scripts by
 * scenario name) and `meta` (the `.voxengine-ci` scenario metadata: id and sha256 hash).
 */

export interface CiRuleConfig {
  ruleName: string;
  scenarios: string[];
  rulePattern?: string;
}

export interface CiScenarioMeta {
  scenarioId: number;
  scenarioName: string;
  hash: string;
}

export interface CiUploadInput {
  applicationName: string;
  rules: CiRuleConfig[];
  dist: Record<string, string>;
  meta: Record<string, CiScenarioMeta>;
  force?: boolean;
}

/** CI aborted: "already changed from the platform" (exit 1 in CI). */
export class CiDriftError extends Error {
  override name = 'CiDriftError';
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

interface RawScenario {
  scenarioId: number;
  scenarioName: string;
  scenarioScript?: string;
}

/** Throws when the API answered an error (CI surfaces those as failures too). */
function ok<T extends { error?: { code: number; msg: string } }>(res: T, what: string): T {
  if (res.error) throw new Error(`${what}: ${res.error.code} ${res.error.msg}`);
  return res;
}

export async function ciUpload(client: VoximplantApiClient, input: CiUploadInput): Promise<void> {
  // 1. Full name: a name without a dot is expanded with the account name.
  let fullName = input.applicationName;
  if (!fullName.includes('.')) {
    const info = ok(await client.Accounts.getAccountInfo({}), 'GetAccountInfo');
    fullName = `${fullName}.${info.result.accountName}.voximplant.com`;
  }
  // 2. Find the application by exact full name.
  const probe = ok(await client.Applications.getApplications({}), 'GetApplications');
  const apps = ok(await client.Applications.getApplications({ withRules: true, count: probe.totalCount }), 'GetApplications');
  let app = apps.result.find((a) => a.applicationName === fullName);
  // 3. Create it when missing.
  if (!app) {
    const added = ok(await client.Applications.addApplication({ applicationName: fullName }), 'AddApplication');
    app = { applicationId: added.applicationId, applicationName: added.applicationName } as typeof app & object;
  }
  const appId = app.applicationId;
  // 4. The platform's rules.
  const readRules = async () => {
    const head = ok(await client.Rules.getRules({ applicationId: appId, applicationName: fullName }), 'GetRules');
    if (head.totalCount === 0) return [];
    return ok(
      await client.Rules.getRules({ applicationId: appId, applicationName: fullName, withScenarios: true, count: head.totalCount }),
      'GetRules',
    ).result;
  };
  const platformRules = await readRules();

  // 5. Rule by rule, in config order.
  for (const rule of input.rules) {
    for (const name of rule.scenarios) await uploadScenario(client, name, input);
    const head = ok(await client.Scenarios.getScenarios({ count: 1 }), 'GetScenarios');
    const all = ok(await client.Scenarios.getScenarios({ count: head.totalCount }), 'GetScenarios').result;
    const ids = rule.scenarios.map((name) => (all.find((s) => s.scenarioName === name) as RawScenario).scenarioId);
    const pattern = rule.rulePattern ?? '.*';
    const existing = platformRules.find((r) => r.ruleName === rule.ruleName);
    if (!existing) {
      ok(
        await client.Rules.addRule({
          applicationId: appId,
          applicationName: '',
          ruleName: rule.ruleName,
          rulePattern: pattern,
          scenarioName: '',
          scenarioId: ids.join(';') as never,
        }),
        'AddRule',
      );
      continue;
    }
    if (existing.rulePattern !== pattern)
      ok(await client.Rules.setRuleInfo({ ruleId: existing.ruleId, rulePattern: pattern }), 'SetRuleInfo');
    // voxengine-ci reads the raw snake_case nested scenarios (its "Nodejs mapper error" workaround).
    const bound = (existing.scenarios as unknown as { scenario_id: number; scenario_name: string }[]).map((s) => s.scenario_name);
    if (bound.join(',') !== rule.scenarios.join(',')) {
      const stale = (existing.scenarios as unknown as { scenario_id: number; scenario_name: string }[]).filter(
        (s) => !rule.scenarios.includes(s.scenario_name),
      );
      if (stale.length > 0) {
        ok(
          await client.Scenarios.bindScenario({
            scenarioId: stale.map((s) => s.scenario_id),
            scenarioName: stale.map((s) => s.scenario_name).join(';'),
            ruleId: existing.ruleId,
            ruleName: rule.ruleName,
            applicationId: appId,
            applicationName: fullName,
            bind: false,
          }),
          'BindScenario',
        );
      }
      ok(
        await client.Scenarios.bindScenario({
          scenarioId: ids,
          scenarioName: rule.scenarios.join(';'),
          ruleId: existing.ruleId,
          ruleName: rule.ruleName,
          applicationId: appId,
          applicationName: fullName,
          bind: true,
        }),
        'BindScenario',
      );
    }
  }

  // 6. Routing order: reorder only when the platform's order of the config's rules differs.
  const after = await readRules();
  const wanted = input.rules.map((r) => (after.find((p) => p.ruleName === r.ruleName) as { ruleId: number }).ruleId);
  const current = after.map((r) => r.ruleId).filter((id) => wanted.includes(id));
  if (current.join(',') !== wanted.join(',')) ok(await client.Rules.reorderRules({ ruleId: wanted }), 'ReorderRules');
  await readRules();
}

async function uploadScenario(client: VoximplantApiClient, name: string, input: CiUploadInput): Promise<void> {
  const script = input.dist[name];
  const byName = ok(await client.Scenarios.getScenarios({ scenarioName: name, withScript: true }), 'GetScenarios');
  let platform = byName.result.find((s) => s.scenarioName === name) as RawScenario | undefined;
  if (platform && platform.scenarioScript === undefined) {
    platform = ok(await client.Scenarios.getScenarios({ scenarioId: platform.scenarioId, withScript: true }), 'GetScenarios')
      .result[0] as RawScenario;
  }
  let meta = input.meta[name];
  if (!meta && !platform) {
    ok(await client.Scenarios.getScenarios({ scenarioName: name }), 'GetScenarios');
    const added = ok(await client.Scenarios.addScenario({ scenarioName: name, scenarioScript: script }), 'AddScenario');
    ok(await client.Scenarios.getScenarios({ scenarioName: name }), 'GetScenarios');
    ok(await client.Scenarios.getScenarios({ scenarioId: added.scenarioId, withScript: true }), 'GetScenarios');
    input.meta[name] = { scenarioId: added.scenarioId, scenarioName: name, hash: sha256(script) };
    return;
  }
  if (!meta && platform) {
    meta = { scenarioId: platform.scenarioId, scenarioName: name, hash: sha256(platform.scenarioScript ?? '') };
    input.meta[name] = meta;
  }
  if (!meta) return;
  if (sha256(script) === meta.hash) return; // "NOT changed locally"
  const onPlatform = ok(await client.Scenarios.getScenarios({ scenarioId: meta.scenarioId, withScript: true }), 'GetScenarios')
    .result[0] as RawScenario;
  if (sha256(onPlatform.scenarioScript ?? '') !== meta.hash && !input.force) {
    throw new CiDriftError(`scenario ${name} has already been changed from the platform`);
  }
  ok(
    await client.Scenarios.setScenarioInfo({ scenarioId: meta.scenarioId, requiredScenarioName: name, scenarioScript: script }),
    'SetScenarioInfo',
  );
  input.meta[name] = { ...meta, hash: sha256(script) };
}

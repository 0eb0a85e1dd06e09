import type { PlatformApi } from '../platform/api';
import type { AccountIdentity } from '../platform/application';
import { fetchAllPages } from '../platform/paging';
import { DeployStateError } from './errors';
import { scriptHash } from './hash';

/**
 * What the platform holds that deploy compares against voxfiles/: the account, the application, its
 * rules (routing order, scenarios in bound order), the scenarios deploy manages (with their scripts),
 * and the account's phone numbers. Read-only: only Get* calls.
 */

/** A rule as GetRules(with_scenarios) lists it. */
export interface PlatformRule {
  ruleId: number;
  ruleName: string;
  rulePattern: string;
  /** Bound scenarios in the order they run. */
  scenarios: { scenarioId: number; scenarioName: string }[];
}

/** A scenario with its script (GetScenarios{scenario_id, with_script}). `hash` = sha256 of `script`. */
export interface PlatformScenario {
  scenarioId: number;
  scenarioName: string;
  script: string;
  hash: string;
}

/**
 * The key deploy compares numbers by: the number without its leading `+`, how the platform lists
 * rented numbers (docs/platform.md#phone-numbers). Accepts `+4930…` (configuration, E.164) and `4930…` alike.
 */
export function numberDigits(phone: string): string {
  return phone.replace(/^\+/, '');
}

/** A rented number. `digits` is the number without `+` (numberDigits; how the platform lists it, docs/platform.md#phone-numbers). */
export interface PlatformNumber {
  phoneId: number;
  digits: string;
  applicationId?: number;
  applicationName?: string;
  ruleId?: number;
  ruleName?: string;
}

export interface PlatformSnapshot {
  accountId: number;
  accountName: string;
  /** Full application name deploy targets. */
  applicationName: string;
  /** The application, when it exists. */
  application?: { applicationId: number; applicationName: string };
  /** Other applications whose name starts with the same short name (node-segment mismatch hint, docs/platform.md#application-names). */
  similarApplications: string[];
  rules: PlatformRule[];
  /** Managed scenarios found on the platform with exactly the wanted name, by name. */
  scenarios: Map<string, PlatformScenario>;
  /** Platform scenarios whose name equals a wanted one only ignoring case (AddScenario would fail with 133). */
  caseClashes: { wanted: string; existing: string }[];
  /** Rented numbers by digits; empty when no number is configured. */
  numbers: Map<string, PlatformNumber>;
}

/** What to read. */
export interface SnapshotRequest {
  account: AccountIdentity;
  /** Full application name (fullApplicationName). */
  applicationName: string;
  scenarioNames: string[];
  /** Whether to list phone numbers (only when numbers are configured). */
  withNumbers: boolean;
}

/** Deploy's listings: 100 items a page, at most 1000 pages. */
const PAGING = { pageSize: 100, maxPages: 1000 } as const;

/** Reads the platform state deploy needs (Get* calls only). */
export async function readSnapshot(api: PlatformApi, request: SnapshotRequest): Promise<PlatformSnapshot> {
  const { accountId, accountName } = request.account;
  const applicationName = request.applicationName;
  const shortName = applicationName.split('.')[0];
  const apps = await fetchAllPages(
    'GetApplications',
    (offset, count) => api.call('GetApplications', { applicationName: shortName, offset, count }),
    PAGING,
  );
  const app = apps.find((a) => a.applicationName === applicationName);
  const similarApplications = apps.map((a) => a.applicationName).filter((n) => n !== applicationName && n.startsWith(`${shortName}.`));
  const application = app ? { applicationId: app.applicationId, applicationName: app.applicationName } : undefined;
  const rules = application ? await readRules(api, application.applicationId) : [];
  const { scenarios, caseClashes } = await readScenarios(api, request.scenarioNames);
  const numbers = request.withNumbers ? await readNumbers(api) : new Map<string, PlatformNumber>();
  return { accountId, accountName, applicationName, application, similarApplications, rules, scenarios, caseClashes, numbers };
}

/** All rules of an application in routing order, with bound scenarios (nested fields stay snake_case in the client, docs/platform.md#client-nested-fields). */
export async function readRules(api: PlatformApi, applicationId: number): Promise<PlatformRule[]> {
  const rules = await fetchAllPages(
    'GetRules',
    (offset, count) => api.call('GetRules', { applicationId, withScenarios: true, offset, count }),
    PAGING,
  );
  return rules.map((r) => ({
    ruleId: r.ruleId,
    ruleName: r.ruleName,
    rulePattern: r.rulePattern,
    scenarios: (r.scenarios ?? []).map((s) => nestedScenario(s as unknown as Record<string, unknown>)),
  }));
}

/** A nested ScenarioInfo: raw `scenario_id`/`scenario_name` from the client (its mapper bug), camelCase tolerated too. */
function nestedScenario(raw: Record<string, unknown>): { scenarioId: number; scenarioName: string } {
  const scenarioId = Number(raw.scenario_id ?? raw.scenarioId);
  const scenarioName = String(raw.scenario_name ?? raw.scenarioName ?? '');
  if (!Number.isInteger(scenarioId) || scenarioName === '') {
    throw new DeployStateError(`GetRules listed a bound scenario without id or name: ${JSON.stringify(raw)}`);
  }
  return { scenarioId, scenarioName };
}

async function readScenarios(api: PlatformApi, names: string[]) {
  const wanted = new Map(names.map((n) => [n.toLowerCase(), n]));
  const listed = await fetchAllPages('GetScenarios', (offset, count) => api.call('GetScenarios', { offset, count }), PAGING);
  const scenarios = new Map<string, PlatformScenario>();
  const caseClashes: { wanted: string; existing: string }[] = [];
  for (const info of listed) {
    const name = wanted.get(info.scenarioName.toLowerCase());
    if (name === undefined) continue;
    if (info.scenarioName !== name) {
      caseClashes.push({ wanted: name, existing: info.scenarioName });
      continue;
    }
    const full = await api.call('GetScenarios', { scenarioId: info.scenarioId, withScript: true });
    const script = full.result?.[0]?.scenarioScript;
    if (typeof script !== 'string')
      throw new DeployStateError(`GetScenarios returned no script for scenario ${name} (id ${info.scenarioId})`);
    scenarios.set(name, { scenarioId: info.scenarioId, scenarioName: info.scenarioName, script, hash: scriptHash(script) });
  }
  return { scenarios, caseClashes };
}

async function readNumbers(api: PlatformApi): Promise<Map<string, PlatformNumber>> {
  const listed = await fetchAllPages('GetPhoneNumbers', (offset, count) => api.call('GetPhoneNumbers', { offset, count }), PAGING);
  const numbers = new Map<string, PlatformNumber>();
  for (const p of listed) {
    const digits = numberDigits(String(p.phoneNumber));
    numbers.set(digits, {
      phoneId: p.phoneId,
      digits,
      applicationId: p.applicationId ?? undefined,
      applicationName: p.applicationName ?? undefined,
      ruleId: p.ruleId ?? undefined,
      ruleName: p.ruleName ?? undefined,
    });
  }
  return numbers;
}

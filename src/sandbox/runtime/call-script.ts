/**
 * Call scripts: a JSON description of one emulator run (docs/runtime.md "Call scripts";
 * schemas/call-script.schema.json): scenario files, application, initial storage and secrets, HTTP
 * answers, far ends (phones, SIP URIs, users), faults, inbound calls and API-started sessions with
 * requests to their access URLs.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { KeyValueError, KeyValueStore } from '../kv-store';
import { VoxEngineEmulator } from './emulator';
import { CallScriptError, EmulatorUsageError } from './errors';
import { callScriptSchema, firstIssue, formatPath, type CallScript } from './script/schema';
import { DEFAULT_MAX_VIRTUAL_S } from './constants';
import { defaultSessionLinks } from './session/session';
import type { HttpRequestInfo, HttpResponseSpec, HttpTarget, ScenarioSource, SessionHttpRequest, SessionRecord } from './types';

/** Validates a call script; throws CallScriptError naming the first bad field. */
export function parseCallScript(script: unknown): CallScript {
  const result = callScriptSchema.safeParse(script);
  if (result.success) return result.data;
  const issue = firstIssue(result.error);
  throw new CallScriptError(issue.field, issue.problem);
}

function loadScenarios(paths: readonly string[], baseDir: string): ScenarioSource[] {
  return paths.map((path, i) => {
    const file = resolve(baseDir, path);
    let code: string;
    try {
      code = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CallScriptError(`scenarios[${i}]`, `cannot read ${file}: ${(error as Error).message}`);
    }
    return { name: basename(file, extname(file)), code };
  });
}

function httpTarget(rules: CallScript['http']): HttpTarget | undefined {
  if (!rules) return undefined;
  return (req: HttpRequestInfo): HttpResponseSpec => {
    const rule = rules.find(
      (r) =>
        (!r.match?.method || r.match.method.toUpperCase() === req.method) &&
        (!r.match?.urlContains || req.url.includes(r.match.urlContains)),
    );
    return rule ? rule.respond : { status: 404, body: '' };
  };
}

function seedStorage(store: KeyValueStore, storage: CallScript['storage']): void {
  for (const [key, entry] of Object.entries(storage ?? {})) {
    const { value, ttl } = typeof entry === 'string' ? { value: entry, ttl: undefined } : entry;
    const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    try {
      store.put(key, text, ttl);
    } catch (error) {
      if (error instanceof KeyValueError)
        throw new CallScriptError(formatPath(['storage', key, ...(error.field === 'key' ? [] : [error.field])]), error.message);
      throw error;
    }
  }
}

/**
 * Runs a call script; `baseDir` resolves scenario paths. Resolves when every session has ended.
 * Throws CallScriptError for an invalid script or an unreadable scenario file.
 */
export async function runCallScript(script: unknown, baseDir: string): Promise<{ emulator: VoxEngineEmulator; sessions: SessionRecord[] }> {
  const parsed = parseCallScript(script);
  const scenarios = loadScenarios(parsed.scenarios, baseDir);
  let emulator: VoxEngineEmulator;
  try {
    emulator = new VoxEngineEmulator({
      startTime: parsed.startTime,
      http: httpTarget(parsed.http),
      phones: parsed.phones,
      sip: parsed.sip,
      users: parsed.users,
      defaultPhone: parsed.defaultPhone,
      faults: parsed.faults,
    });
  } catch (error) {
    // The script's fields are the emulator's options under the same names (e.g. options.startTime).
    if (error instanceof EmulatorUsageError) throw new CallScriptError(error.field.replace(/^options\./, ''), error.problem);
    throw error;
  }
  const storage = new KeyValueStore(() => emulator.now());
  seedStorage(storage, parsed.storage);
  const application = typeof parsed.application === 'string' ? { name: parsed.application } : (parsed.application ?? { name: 'voxmask' });
  const app = { id: application.id ?? 1, name: application.name, storage, secrets: parsed.secrets ?? {} };
  for (const call of parsed.calls ?? []) emulator.startInboundCall(app, scenarios, call, { ruleName: parsed.ruleName });
  const requests: { atMs: number; sessionId: number; request: SessionHttpRequest }[] = [];
  for (const session of parsed.sessions ?? []) {
    const { id } = emulator.startSession(app, scenarios, { customData: session.customData, ruleName: parsed.ruleName });
    for (const r of session.requests ?? []) {
      const path = new URL(defaultSessionLinks(id).accessURL).pathname;
      requests.push({
        atMs: emulator.startMs + r.atS * 1000,
        sessionId: id,
        request: { method: r.method ?? 'POST', path, content: r.content ?? '', headers: r.headers ?? {} },
      });
    }
  }
  // Access-URL requests arrive at their times: the clock runs up to each, then the rest runs to the end.
  const bound = emulator.now() + (parsed.maxVirtualS ?? DEFAULT_MAX_VIRTUAL_S) * 1000;
  for (const r of requests.sort((a, b) => a.atMs - b.atMs)) {
    if (r.atMs > bound) break;
    await emulator.advanceTo(r.atMs);
    void emulator.deliverHttpRequest(r.sessionId, r.request);
  }
  await emulator.runUntilIdle({ maxVirtualS: Math.max(0.001, (bound - emulator.now()) / 1000) });
  return { emulator, sessions: emulator.sessions() };
}

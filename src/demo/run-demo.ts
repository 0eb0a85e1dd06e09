import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { DEAD_LETTER_NAMESPACE } from '../../contract/call-result';
import { LOCKOUT_KEY_PREFIX } from '../../contract/lockout';
import { POOL_ROUTE_PREFIX } from '../../contract/pool-route';
import { CLAIM_PREFIX, SESSION_ORDER_PREFIX, SESSION_PREFIX } from '../backend/sessions/session-keys';
import { maskPhonesInText } from '../../contract/mask-text';
import { formatSeedSummary, openConfiguredOrderStore, readSeedFile, seedRows, SeedSummary } from '../backend/orders';
import { openConfiguredSessionStore } from '../backend/sessions';
import type { VoxmaskConfig } from '../config';
import { virtualNumbersOf } from '../config/deploy';
import { deployFromConfig } from '../deploy/from-config';
import { openTarget, TargetChoice } from '../platform/target';
import { Sandbox } from '../sandbox';
import type { HttpRequestInfo, HttpResponseSpec, SessionHandle } from '../sandbox/runtime';
import { openConfiguredClickToCall } from '../backend/calls';
import { batchesOf, type DemoCall, DemoScriptError, readDemoScript } from './demo-script';
import { type DemoSessions, openDemoSessions } from './demo-sessions';
import { resolveCall, type ResolvedCall } from './resolve-call';
import { resolveClickToCall, type ResolvedClickToCall } from './resolve-click-to-call';
import { tryCallScript } from './try-call';
import { maskingChecks } from './masking-checks';
import { CallReport, formatCallReport, formatSummary, NumberDisplay } from './report';
import { ResultsReceiver } from './results-receiver';

/** Options of `voxmask start` (src/cli/commands/start.ts). */
export interface DemoOptions {
  /** The loaded configuration (loadConfig), read once by the caller. */
  config: VoxmaskConfig;
  /** The sandbox target chosen from `config.deploy` (chooseTarget with `target: 'sandbox'`), whose CA this process trusts. */
  choice: TargetChoice;
  /** The calls to place (examples/call-script.json). */
  scriptFile: string;
  /** The dispatch feed to seed (examples/dispatch-feed.csv). */
  feedFile: string;
  /** Reuse the sandbox state of the previous run instead of starting from an empty one. */
  keep: boolean;
  /** Keep the virtual clock following the wall clock after the scripted calls (interactive mode). */
  realTime: boolean;
  /** HTTPS port of the sandbox's Management API (0 = any free port). */
  port: number;
  color: boolean;
  /** Print phone numbers in full (`--show-numbers`); by default everything written is masked, virtual numbers visible. */
  showNumbers?: boolean;
  /** Where the demo's output goes; every text passes through maskPhonesInText first unless `showNumbers`. */
  write: (text: string) => void;
}

/** What a demo run leaves behind: the reports, and the running sandbox (close() stops it and the results receiver). */
export interface DemoRun {
  reports: CallReport[];
  seed: SeedSummary;
  /** Every call ended as the script expects, with exactly one verified result and all checks passed. */
  allAsExpected: boolean;
  sandbox: Sandbox;
  /** A call script to place one more call into this sandbox (`voxmask call --sandbox`), built from the first seeded order. */
  tryCall: object | undefined;
  close(): Promise<void>;
}

/**
 * The main job end to end on the local sandbox: start the results receiver and the sandbox, deploy
 * voxfiles/ with the deploy library and the real client, seed the dispatch feed with the backend
 * library, place the scripted calls through the sandbox's number → rule routing, and report each call
 * and a summary. The deploy target trusts the sandbox's certificate in-process (openTarget,
 * src/platform/sandbox-trust.ts).
 * @throws DemoScriptError for a bad call script or configuration the demo cannot run with;
 *   the deploy and seeding libraries' errors otherwise
 */
export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const { config, choice } = options;
  const script = readDemoScript(options.scriptFile);
  const webhookUrl = config.scenario.results.webhookUrl;
  if (!webhookUrl)
    throw new DemoScriptError('the demo needs scenario.results.webhookUrl in the configuration (results go to the local receiver)');
  const webhook = new URL(webhookUrl);
  const secret = randomBytes(24).toString('hex');
  // Shared PIN numbers and pool numbers: the only numbers a party may see, and the only ones printed in full.
  const virtualNumbers = virtualNumbersOf(config.deploy);
  const numbers: NumberDisplay = { show: options.showNumbers === true, virtual: virtualNumbers };
  // A safety net over everything printed; the reports mask their known number fields themselves.
  const write = numbers.show ? options.write : (text: string) => options.write(maskPhonesInText(text, { keep: virtualNumbers }));

  let sandbox: Sandbox | undefined;
  const receiver = await ResultsReceiver.start({ path: webhook.pathname, secret, now: () => sandbox?.emulator.now() ?? Date.now() });
  const closers: (() => Promise<void>)[] = [() => receiver.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    sandbox = await Sandbox.start({
      dir: config.deploy.sandboxDir,
      port: options.port,
      reset: !options.keep,
      realTime: options.realTime,
      runtime: { http: forwardWebhook(webhook, receiver) },
      web: { results: () => receiver.accepted() },
    });
    const running = sandbox;
    closers.push(() => running.close());
    write(
      `Sandbox: Management API at https://${sandbox.host}/platform_api (state in ${config.deploy.sandboxDir}${options.keep ? ', kept from the last run' : ', reset'})\n`,
    );
    write(`Results receiver: ${receiver.origin}${webhook.pathname} (the sandbox routes ${webhook.origin} there)\n\n`);

    const target = await openTarget({ ...config.deploy, target: 'sandbox', sandboxHost: sandbox.host }, choice);
    closers.push(() => target.close());
    write('Deploying voxfiles/ with voxmask deploy:\n');
    const deployed = await deployFromConfig(config, target, choice, { build: true, log: (line) => write(`  ${line}\n`) });
    const application = deployed.plan.applicationName;
    sandbox.setSecret(application, config.scenario.results.secretName, secret);
    if (options.keep) forgetDemoHistory(sandbox, application);

    write(`\nSeeding ${options.feedFile} with the backend library:\n`);
    const store = await openConfiguredOrderStore(target.api, config);
    const rows = readSeedFile(options.feedFile);
    const seed = await seedRows(rows, { store, concurrency: config.deploy.seed.concurrency });
    for (const line of formatSeedSummary(seed)) write(`  ${line}\n`);

    let sessions: DemoSessions = new Map();
    if (script.sessions.length > 0) {
      write(`\nOpening ${script.sessions.length} pool sessions with the backend library (openSession):\n`);
      const pool = await openConfiguredSessionStore(target.api, config, { now: () => running.emulator.now() });
      sessions = await openDemoSessions(script.sessions, store, pool, running.emulator.now());
      for (const [orderId, session] of sessions) {
        const closed = script.sessions.find((s) => s.order === orderId)?.close ? ' (closed again: its routes are gone)' : '';
        write(`  ${orderId}: ${session.pairs.map((p) => `${p.roles.join(' <-> ')} dial ${p.number}`).join('; ')}${closed}\n`);
      }
    }

    const operatorTarget = config.scenario.operator.target;
    const operator = operatorTarget?.type === 'pstn' ? operatorTarget.number : null;
    const realNumbers = new Set<string>();
    const reports: CallReport[] = [];
    write(`\nPlacing ${script.calls.length} calls through the sandbox's routing rules:\n\n`);
    const clickToCall = script.calls.some((c) => 'clickToCall' in c) ? await openConfiguredClickToCall(target.api, config) : undefined;
    for (const batch of batchesOf(script.calls)) {
      const placed: { call: DemoCall; resolved: ResolvedClickToCall | ResolvedCall; start: () => Promise<SessionStart> }[] = [];
      for (const call of batch) {
        if ('clickToCall' in call) {
          const resolved = await resolveClickToCall(call, store, config.scenario.clickToCall.virtualNumber);
          if (call.phones.from) sandbox.emulator.setPhone(resolved.phones.from, call.phones.from);
          if (call.phones.to) sandbox.emulator.setPhone(resolved.phones.to, call.phones.to);
          const { order, from, to } = call.clickToCall;
          placed.push({
            call,
            resolved,
            start: async () => ({ historyId: (await clickToCall!.placeCall({ orderId: order, from, to })).sessionId }),
          });
        } else {
          const resolved = await resolveCall(call, store, config.scenario.pin.length, sessions);
          if (call.callee && resolved.callee) sandbox.emulator.setPhone(resolved.callee, call.callee);
          placed.push({ call, resolved, start: async () => ({ handle: running.placeInboundCall(resolved.spec) }) });
        }
      }
      for (const { resolved } of placed) for (const n of [resolved.from, ...resolved.farEnds]) realNumbers.add(n);
      await sandbox.syncClock();
      const started = [];
      for (const p of placed) started.push(await p.start());
      await sandbox.emulator.runUntilIdle();
      await Promise.all(started.flatMap((s) => ('handle' in s ? [s.handle.done] : [])));
      const sessionIds = started.map((s) => ('handle' in s ? s.handle.id : sessionOfHistory(running, s.historyId)));
      placed.forEach(({ call, resolved }, i) => {
        const sessionId = sessionIds[i];
        const delivered = receiver.acceptedFor(sessionId);
        const deadLettered = running.storageOf(application).list(`${DEAD_LETTER_NAMESPACE}:${sessionId}`).total;
        const farEnds = operator ? [...resolved.farEnds, operator] : resolved.farEnds;
        const checks = maskingChecks({ trace: running.emulator.trace, sessionId, virtualNumbers, farEnds, realNumbers: [...realNumbers] });
        const result = delivered[0] ?? null;
        const outcomeMatches =
          result?.outcome === call.expect.outcome && (call.expect.pin === undefined || result.pin.outcome === call.expect.pin);
        const asExpected = outcomeMatches && delivered.length === 1 && checks.every((c) => c.passed);
        const report: CallReport = {
          index: reports.length + 1,
          name: call.name,
          batch: call.batch,
          kind: 'clickToCall' in call ? 'click-to-call' : 'inbound',
          sessionId,
          from: resolved.from,
          to: resolved.to,
          callerRole: resolved.callerRole,
          orderId: resolved.orderId,
          partyRoles: resolved.partyRoles,
          expectedOutcome: call.expect.pin ? `${call.expect.outcome}, PIN ${call.expect.pin}` : call.expect.outcome,
          result,
          resultsDelivered: delivered.length,
          resultsDeadLettered: deadLettered,
          checks,
          asExpected,
        };
        reports.push(report);
        write(`${formatCallReport(report, running.emulator.trace, options.color, numbers)}\n`);
        write('\n');
      });
    }
    const seedLine = `${seed.written} written, ${seed.unchanged} unchanged, ${seed.rejected.length} rejected, ${seed.failed.length} failed`;
    write(`${formatSummary(reports, { seedLine }, options.color)}\n`);
    const firstOrder = rows.find((row) => 'input' in row);
    const tryCall =
      firstOrder && 'input' in firstOrder ? await tryCallScript(store, firstOrder.input.orderId, virtualNumbers[0]) : undefined;
    return { reports, seed, allAsExpected: reports.every((r) => r.asExpected) && seed.failed.length === 0, sandbox, tryCall, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** How a scripted call started: an inbound call's handle, or the history id StartScenarios answered. */
type SessionStart = { handle: SessionHandle } | { historyId: number };

/** The emulator's id of the session StartScenarios reported as `historyId`. @throws DemoScriptError when no session has it */
function sessionOfHistory(sandbox: Sandbox, historyId: number): number {
  const session = sandbox.emulator.sessions().find((s) => sandbox.historyIdOf(s.sessionId) === historyId);
  if (!session) throw new DemoScriptError(`no session of the sandbox has history id ${historyId}`);
  return session.sessionId;
}

/**
 * The sandbox's HTTP target for scenario requests: requests to the configured webhook's origin go to
 * the local receiver over real HTTP (like a hosts-file entry); anything else answers 404.
 */
function forwardWebhook(webhook: URL, receiver: ResultsReceiver) {
  return async (req: HttpRequestInfo): Promise<HttpResponseSpec> => {
    const url = new URL(req.url);
    if (url.origin !== webhook.origin) return { status: 404, body: `the demo routes only ${webhook.origin}` };
    const response = await fetch(`${receiver.origin}${url.pathname}${url.search}`, {
      method: req.method,
      headers: req.headers,
      body: req.method === 'GET' ? undefined : req.body,
    });
    return { status: response.status, body: await response.text() };
  };
}

/**
 * With `--keep`, results dead-lettered and lockouts left by the previous run's scripted callers would
 * change this run's outcomes, and the pool numbers of the sessions it closed would still cool off (a
 * few runs within the cool-off would exhaust the demo's pool); the demo clears those namespaces (and
 * nothing else) first.
 */
function forgetDemoHistory(sandbox: Sandbox, application: string): void {
  const storage = sandbox.storageOf(application);
  for (const prefix of [
    LOCKOUT_KEY_PREFIX,
    `${DEAD_LETTER_NAMESPACE}:`,
    POOL_ROUTE_PREFIX,
    CLAIM_PREFIX,
    SESSION_PREFIX,
    SESSION_ORDER_PREFIX,
  ]) {
    for (const item of storage.list(prefix).items) storage.remove(item.key);
  }
}

/** Default locations of the demo's inputs, relative to the working directory. */
export const DEMO_DEFAULTS = {
  scriptFile: resolve('examples/call-script.json'),
  feedFile: resolve('examples/dispatch-feed.csv'),
} as const;

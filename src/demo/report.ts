import { createColors } from 'picocolors';
import type { CallResult } from '../../contract/call-result';
import { maskPhonesInText } from '../../contract/mask-text';
import { internationalDigits, maskPhone } from '../../contract/phone';
import type { Trace, TraceRecord } from '../sandbox/runtime';
import type { MaskingCheck } from './masking-checks';

/** Everything the demo learnt about one scripted call. Numbers are E.164; they are printed masked. */
export interface CallReport {
  index: number;
  name: string;
  batch?: string;
  sessionId: number;
  /**
   * `inbound`: a party dialed `to`; `click-to-call`: the backend requested the call and the session
   * called `from` (A) first, showing `to`.
   */
  kind: 'inbound' | 'click-to-call';
  /** The caller's real number (A's, for click-to-call), the virtual number, and the caller's role (null: not on the order). */
  from: string;
  to: string;
  callerRole: string | null;
  orderId: string | null;
  /** Role of each of the order's phones (courier, customer, restaurant), by E.164 number. */
  partyRoles: Record<string, string>;
  expectedOutcome: string;
  /** The verified result (null when none arrived). */
  result: CallResult | null;
  /** Accepted first deliveries of this session's result (1 is right). */
  resultsDelivered: number;
  /** Dead-lettered results of this session found in ApplicationStorage. */
  resultsDeadLettered: number;
  checks: MaskingCheck[];
  /** Whether the outcome matched, exactly one result arrived, and every check passed. */
  asExpected: boolean;
}

type Paint = (s: string) => string;
interface Palette {
  bold: Paint;
  dim: Paint;
  ok: Paint;
  bad: Paint;
  heard: Paint;
  head: Paint;
}

/** How a report shows phone numbers: masked (default) with the deployment's virtual numbers visible, or in full. */
export interface NumberDisplay {
  /** Print numbers in full (`voxmask start --show-numbers`). */
  show?: boolean;
  /** The deployment's virtual numbers (public), left visible. */
  virtual?: readonly string[];
}

/** The two ways a report writes numbers: a party's number, and any other text that may carry one. */
interface Shown {
  party: (number: string) => string;
  text: (text: string) => string;
}

function shownWith(numbers: NumberDisplay): Shown {
  if (numbers.show) return { party: String, text: String };
  const keep = numbers.virtual ?? [];
  const text = (t: string) => maskPhonesInText(t, { keep });
  return { party: (n) => (internationalDigits(n) !== null ? maskPhone(n) : text(n)), text };
}

function palette(color: boolean): Palette {
  const c = createColors(color);
  return { bold: c.bold, dim: c.dim, ok: c.green, bad: c.red, heard: c.magenta, head: c.cyan };
}

/**
 * The per-call story: who dialed what, what each party heard (in order, with virtual times from the
 * session start), which caller ID each far end was shown, the outcome against the expectation,
 * durations, result delivery and the masking checks. Real numbers appear masked (`+49********678`),
 * also inside heard texts, URLs and key presses; `numbers.virtual` stay visible; `numbers.show` prints
 * them all in full. Masking happens before coloring.
 */
export function formatCallReport(report: CallReport, trace: Trace, color: boolean, numbers: NumberDisplay = {}): string {
  const p = palette(color);
  const shown = shownWith(numbers);
  const records = trace.records.filter((r) => r.sessionId === report.sessionId);
  const start = records[0]?.atMs ?? 0;
  const at = (ms: number) => p.dim(`+${((ms - start) / 1000).toFixed(1).padStart(5)}s`);
  const role = report.callerRole ?? 'unknown caller';
  const lines = [
    p.head(p.bold(`▶ ${report.index}. ${shown.text(report.name)}`)) +
      (report.batch ? p.dim(`  [together: ${shown.text(report.batch)}]`) : ''),
    report.kind === 'click-to-call'
      ? shown.text(
          `  click-to-call requested by the backend for the ${role}${report.orderId ? ` of ${report.orderId}` : ''}: ${shown.party(report.from)} is called first, showing ${report.to}; session ${report.sessionId}`,
        )
      : shown.text(
          `  ${shown.party(report.from)} (${role}${report.orderId ? ` of ${report.orderId}` : ''}) dials ${report.to}; session ${report.sessionId}`,
        ),
  ];
  // A click-to-call's A is a leg the session dialed: listed once, as the session's first outbound leg.
  const parties = partiesOf(records, report.kind === 'click-to-call' ? undefined : report.from, report.partyRoles);
  for (const party of parties) {
    const label = report.kind === 'inbound' && party.number === report.from ? 'caller' : party.role;
    const callerId = party.callerIdShown ? shown.text(`, shown caller ID ${party.callerIdShown}`) : '';
    lines.push(`  ${p.bold(label.padEnd(8))} ${shown.party(party.number)}${callerId}`);
    for (const item of storyOf(records, party.number)) lines.push(`    ${at(item.atMs)}  ${item.text(p, shown)}`);
  }
  const r = report.result;
  const outcome = r ? `${r.outcome}, PIN ${r.pin.outcome}` : 'no result';
  const mark = report.asExpected ? p.ok('✓') : p.bad('✗');
  const durations = r
    ? r.legs.map((leg) => `${leg.kind} ring ${seconds(leg.ringS)}, talk ${seconds(leg.talkS)}`).join('; ') +
      `; session ${seconds(r.durationS)}`
    : '';
  lines.push(
    `  ${p.bold('outcome ')} ${mark} ${shown.text(`${outcome} (expected ${report.expectedOutcome})`)}${durations ? p.dim(` · ${durations}`) : ''}`,
  );
  const delivery =
    report.resultsDelivered === 1
      ? p.ok('delivered once, signature verified')
      : report.resultsDeadLettered > 0
        ? p.bad(`not delivered (dead-lettered ${report.resultsDeadLettered})`)
        : p.bad(`delivered ${report.resultsDelivered} times`);
  lines.push(`  ${p.bold('result  ')} ${delivery}${r?.recordingUrl ? p.dim(` · recording ${shown.text(r.recordingUrl)}`) : ''}`);
  lines.push(
    `  ${p.bold('masking ')} ` +
      report.checks
        .map((c) => `${c.passed ? p.ok('✓') : p.bad('✗')} ${c.name}${c.passed ? '' : ` (${shown.text(String(c.detail))})`}`)
        .join('  '),
  );
  return lines.join('\n');
}

function seconds(s: number): string {
  return `${Math.round(s * 10) / 10} s`;
}

interface PartyView {
  number: string;
  role: string;
  callerIdShown?: string;
}

/** The caller first, then every far end the session dialed, with the caller ID each was shown. */
function partiesOf(records: TraceRecord[], caller: string | undefined, roles: Record<string, string>): PartyView[] {
  const views: PartyView[] = caller === undefined ? [] : [{ number: caller, role: 'caller' }];
  for (const r of records) {
    if (r.kind !== 'call.outbound') continue;
    const number = String(r.number);
    views.push({ number, role: roles[number] ?? 'operator', callerIdShown: String(r.callerid) });
  }
  return views;
}

interface StoryItem {
  atMs: number;
  text: (p: Palette, shown: Shown) => string;
}

/** What one party heard and did, in order: prompts, playback, the other party's voice, key presses, hang-up. */
function storyOf(records: TraceRecord[], number: string): StoryItem[] {
  const items: StoryItem[] = [];
  for (const r of records) {
    if (r.party !== number) continue;
    const story = STORY[r.kind === 'heard' ? `heard.${String(r.item)}` : `party.${String(r.action)}`];
    const text = story?.(r);
    if (text) items.push({ atMs: r.atMs, text });
  }
  return items;
}

const STORY: Record<string, (r: TraceRecord) => ((p: Palette, shown: Shown) => string) | undefined> = {
  'heard.tts': (r) => (p, shown) => p.heard(`hears "${shown.text(String(r.text))}"`),
  'heard.url': (r) => (p, shown) =>
    p.heard(String(r.url).startsWith('progress-tone:') ? 'hears ringback' : `hears ${shown.text(String(r.url))}`),
  'heard.party': (r) => (p, shown) => p.heard(`talks with ${shown.party(String(r.peer))}`),
  'heard.tone': (r) => (p, shown) => p.heard(`hears tones ${shown.text(String(r.digits))}`),
  'party.hearsRingback': () => (p) => p.heard('hears ringback'),
  'party.press': (r) => (_p, shown) => `presses ${shown.text(String(r.digits))}`,
  'party.hangup': () => () => 'hangs up',
  'party.answer': () => () => 'answers',
};

/** The closing table: calls, outcomes, results delivered, masking checks. */
export function formatSummary(reports: CallReport[], extra: { seedLine: string }, color: boolean): string {
  const p = palette(color);
  const byOutcome = new Map<string, number>();
  for (const r of reports) byOutcome.set(r.result?.outcome ?? 'no result', (byOutcome.get(r.result?.outcome ?? 'no result') ?? 0) + 1);
  const checks = reports.flatMap((r) => r.checks);
  const passedChecks = checks.filter((c) => c.passed).length;
  const delivered = reports.filter((r) => r.resultsDelivered === 1).length;
  const asExpected = reports.filter((r) => r.asExpected).length;
  const rows: [string, string, boolean][] = [
    ['orders seeded', extra.seedLine, true],
    ['calls placed', String(reports.length), true],
    ['calls as expected', `${asExpected}/${reports.length}`, asExpected === reports.length],
    ['results delivered and verified', `${delivered}/${reports.length}`, delivered === reports.length],
    ['masking checks passed', `${passedChecks}/${checks.length}`, passedChecks === checks.length],
  ];
  const width = Math.max(...rows.map(([k]) => k.length), ...[...byOutcome.keys()].map((k) => k.length + 2));
  const lines = [p.bold('Summary')];
  for (const [k, v, good] of rows) lines.push(`  ${k.padEnd(width)}  ${good ? p.ok(v) : p.bad(v)}`);
  lines.push(`  ${'outcomes'.padEnd(width)}`);
  for (const [outcome, count] of [...byOutcome.entries()].sort()) lines.push(`    ${outcome.padEnd(width - 2)}  ${count}`);
  return lines.join('\n');
}

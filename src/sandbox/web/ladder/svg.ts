/**
 * Renders ladders (ladder/model.ts) as one standalone SVG document: lanes as vertical lines, one
 * horizontal arrow per step with its label and virtual time (mm:ss.mmm after the session's start), and
 * beside the diagram the session's outcome and, when given, its delivered result. Used by the browser
 * phone's Calls panel and by `voxmask call SCRIPT --svg FILE`.
 *
 * Hand-written SVG with presentation attributes only (no <style>, no script), so it shows the same in a
 * browser, in a pull request and inline in the page under its Content-Security-Policy. Every text is
 * XML-escaped and passed once more through maskPhonesInText (contract/mask-text.ts) with `keep`.
 */
import { maskPhonesInText } from '../../../../contract/mask-text';
import { formatOffset, virtualNumbersOf } from '../../runtime/trace/timeline';
import type { TraceRecord } from '../../runtime/types';
import { buildLadder, LANE_TITLES, type Ladder, type Lane, type LadderStep, type StepKind } from './model';

/** Options of renderLaddersSvg. */
export interface LadderSvgOptions {
  /** Numbers that may stay visible (the virtual numbers); everything else that reads as a phone number is masked. */
  keep?: readonly string[];
  /** Lines shown beside each ladder, by session id (e.g. the delivered result); already masked or masked here. */
  notes?: ReadonlyMap<number, readonly string[]>;
  /** Prefix of the SVG's element ids, so that several SVGs can sit in one page (default 'ladder'). */
  idPrefix?: string;
}

const LANE_W = 150;
const TIME_W = 84;
const HEAD_H = 64;
const ROW_H = 26;
const SIDE_W = 300;
const GAP_H = 36;
const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
const CHAR_W = 6.1;

/** Arrow colors by kind. */
const COLORS: Record<StepKind, string> = {
  call: '#1d4ed8',
  ringing: '#64748b',
  answer: '#15803d',
  dtmf: '#7c3aed',
  tts: '#b45309',
  ringback: '#94a3b8',
  play: '#b45309',
  bridge: '#0f766e',
  hangup: '#b91c1c',
  failed: '#b91c1c',
  storage: '#475569',
  webhook: '#be185d',
  'webhook-answer': '#be185d',
  access: '#be185d',
  error: '#dc2626',
};

/** XML-escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function fit(text: string, widthPx: number): string {
  const max = Math.max(4, Math.floor(widthPx / CHAR_W));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * One SVG document with the ladders one under another. Throws nothing; an empty list gives an SVG
 * saying there is no session.
 */
export function renderLaddersSvg(ladders: readonly Ladder[], options: LadderSvgOptions = {}): string {
  const keep = options.keep ?? [];
  const prefix = (options.idPrefix ?? 'ladder').replace(/[^A-Za-z0-9_-]/g, '');
  const text = (t: string) => escapeXml(maskPhonesInText(t, { keep }));
  const width = TIME_W + LANE_W * 6 + SIDE_W;
  const parts: string[] = [];
  let y = 0;
  for (const ladder of ladders) {
    const { svg, height } = renderOne(ladder, y, text, options.notes?.get(ladder.sessionId) ?? [], prefix);
    parts.push(svg);
    y += height + GAP_H;
  }
  if (ladders.length === 0) {
    parts.push(`<text x="16" y="32" font-size="14">${text('no session to draw')}</text>`);
    y = 48 + GAP_H;
  }
  const height = Math.max(48, y - GAP_H);
  const markers = (Object.keys(COLORS) as StepKind[])
    .map(
      (k) =>
        `<marker id="${prefix}-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${COLORS[k]}"/></marker>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="11" role="img" aria-label="call ladder">` +
    `<defs>${markers}</defs><rect width="${width}" height="${height}" fill="#ffffff"/>${parts.join('')}</svg>\n`
  );
}

function laneX(lane: Lane, lanes: readonly Lane[]): number {
  return TIME_W + LANE_W * lanes.indexOf(lane) + LANE_W / 2;
}

function renderOne(
  ladder: Ladder,
  top: number,
  text: (t: string) => string,
  notes: readonly string[],
  prefix: string,
): { svg: string; height: number } {
  const lanes = ladder.lanes;
  const bottom = top + HEAD_H + Math.max(1, ladder.steps.length) * ROW_H + 12;
  const out: string[] = [`<g class="ladder" data-session="${ladder.sessionId}">`];
  out.push(`<text x="8" y="${top + 16}" font-size="13" font-weight="600">${text(`session ${ladder.sessionId}`)}</text>`);
  for (const lane of lanes) {
    const x = laneX(lane, lanes);
    const who = ladder.parties[lane];
    out.push(
      `<g class="lane" data-lane="${lane}"><rect x="${x - 66}" y="${top + 24}" width="132" height="${who ? 32 : 22}" rx="4" fill="#f1f5f9" stroke="#cbd5e1"/>` +
        `<text x="${x}" y="${top + 39}" text-anchor="middle" font-weight="600">${text(LANE_TITLES[lane])}</text>` +
        (who ? `<text x="${x}" y="${top + 52}" text-anchor="middle" fill="#475569">${text(fit(who, 128))}</text>` : '') +
        `<line x1="${x}" y1="${top + HEAD_H - 6}" x2="${x}" y2="${bottom}" stroke="#cbd5e1" stroke-dasharray="4 3"/></g>`,
    );
  }
  ladder.steps.forEach((step, i) => out.push(renderStep(step, top + HEAD_H + i * ROW_H + 16, lanes, text, prefix)));
  out.push(renderSide(ladder, top, text, notes));
  out.push('</g>');
  return { svg: out.join(''), height: bottom - top };
}

function renderStep(step: LadderStep, y: number, lanes: readonly Lane[], text: (t: string) => string, prefix: string): string {
  const color = COLORS[step.kind];
  const x1 = laneX(step.from, lanes);
  const x2 = laneX(step.to, lanes);
  const time = `<text x="8" y="${y + 4}" fill="#64748b" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="10">${text(formatOffset(step.offsetMs))}</text>`;
  const head = `<g class="step" data-kind="${step.kind}" data-from="${step.from}" data-to="${step.to}" data-seq="${step.seq}"><title>${text(step.label)}</title>${time}`;
  if (x1 === x2) {
    return `${head}<path d="M${x1},${y - 6} h24 v10 h-22" fill="none" stroke="${color}" marker-end="url(#${prefix}-${step.kind})"/><text x="${x1 + 30}" y="${y + 2}" fill="${color}">${text(fit(step.label, LANE_W * 2))}</text></g>`;
  }
  const left = Math.min(x1, x2);
  const span = Math.abs(x2 - x1);
  const dash = step.kind === 'ringback' || step.kind === 'ringing' ? ' stroke-dasharray="5 3"' : '';
  const width = step.kind === 'bridge' ? 2.5 : 1.3;
  const markerStart = step.kind === 'bridge' ? ` marker-start="url(#${prefix}-${step.kind})"` : '';
  return (
    `${head}<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${color}" stroke-width="${width}"${dash}${markerStart} marker-end="url(#${prefix}-${step.kind})"/>` +
    label(step.label, left, span, y, color, text) +
    '</g>'
  );
}

/** An arrow's label: centred over a long arrow; over a short one, from its left end on (it may run over the next lanes). */
function label(content: string, left: number, span: number, y: number, color: string, text: (t: string) => string): string {
  const roomy = content.length * CHAR_W <= span - 8;
  const x = roomy ? left + span / 2 : left + 4;
  return `<text x="${x}" y="${y - 4}"${roomy ? ' text-anchor="middle"' : ''} fill="${color}">${text(fit(content, Math.max(span - 8, LANE_W * 3 - 10)))}</text>`;
}

function renderSide(ladder: Ladder, top: number, text: (t: string) => string, notes: readonly string[]): string {
  const x = TIME_W + LANE_W * ladder.lanes.length + 16;
  const lines = [
    ladder.ended ? `ended: ${ladder.finishReason ?? ''} after ${ladder.durationS ?? 0} s` : 'running',
    ...(ladder.outcome ? [`outcome: ${ladder.outcome}`] : []),
    ...(ladder.delivery ? [`result: ${ladder.delivery}`] : []),
    ...notes,
  ];
  const rows = lines
    .map(
      (line, i) =>
        `<text x="${x + 8}" y="${top + 44 + i * 16}"${i === 0 ? ' font-weight="600"' : ''}>${text(fit(line, SIDE_W - 28))}</text>`,
    )
    .join('');
  return `<g class="outcome"><rect x="${x}" y="${top + 24}" width="${SIDE_W - 24}" height="${lines.length * 16 + 16}" rx="4" fill="#f8fafc" stroke="#cbd5e1"/>${rows}</g>`;
}

/**
 * The SVG of the ladders of `sessionIds` from a run's trace records (`voxmask call SCRIPT --svg FILE`),
 * numbers masked, the virtual numbers visible (timeline.ts virtualNumbersOf).
 */
export function sessionsSvg(records: readonly TraceRecord[], sessionIds: readonly number[]): string {
  const keep = virtualNumbersOf(records);
  return renderLaddersSvg(
    sessionIds.map((id) => buildLadder(records, id, keep)),
    { keep },
  );
}

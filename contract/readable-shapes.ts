/**
 * The shapes voxmask keeps readable inside a run of digits (rule 3 of contract/mask-text.ts): ISO dates,
 * times, IPv4 addresses with a port or after `//`, and numbers masked already (rule 5), each only when
 * nothing else shares its run. Pure TypeScript, bundled with the scenario.
 */
import type { DigitGroup } from './digit-runs';

/** A range of group indices [from, to] inside one run. */
export interface GroupRange {
  from: number;
  to: number;
}

/** Reads the date, time and address shapes of rule 3 on the groups of one run. */
class ShapeReader {
  constructor(
    private readonly text: string,
    private readonly run: DigitGroup[],
  ) {}

  private gap(i: number): string | undefined {
    return i + 1 < this.run.length ? this.text.slice(this.run[i].end, this.run[i + 1].start) : undefined;
  }

  /** Group i in ASCII with a length in [min, max] and a value ≤ maxValue; its value, or undefined. */
  private num(i: number, min: number, max: number, maxValue: number): number | undefined {
    const g = this.run[i];
    if (!g || !g.ascii || g.digits.length < min || g.digits.length > max) return undefined;
    const value = Number(g.digits);
    return value <= maxValue ? value : undefined;
  }

  /** Last group index of the longest shape starting at group i, or undefined. */
  shapeAt(i: number): number | undefined {
    const date = this.dateAt(i);
    if (date !== undefined) {
      const time = this.gap(date) === ' ' ? this.timeAt(date + 1) : undefined;
      return time ?? date;
    }
    return this.timeAt(i) ?? this.addressAt(i);
  }

  /** `+49********678` as maskPhone writes it: 1–3 digits, three or more stars, three digits. */
  maskedAt(i: number): number | undefined {
    const gap = this.gap(i);
    if (
      gap === undefined ||
      !/^\*{3,}$/.test(gap) ||
      this.num(i, 1, 3, Infinity) === undefined ||
      this.num(i + 1, 3, 3, Infinity) === undefined
    )
      return undefined;
    return i + 1;
  }

  private dateAt(i: number): number | undefined {
    const year = this.num(i, 4, 4, 2199);
    const month = this.num(i + 1, 2, 2, 12);
    const day = this.num(i + 2, 2, 2, 31);
    if (year === undefined || year < 1900 || !month || !day) return undefined;
    const separator = this.gap(i);
    return (separator === '-' || separator === '/') && this.gap(i + 1) === separator ? i + 2 : undefined;
  }

  private timeAt(i: number): number | undefined {
    if (this.num(i, 1, 2, 99) === undefined || this.gap(i) !== ':' || this.num(i + 1, 2, 2, 59) === undefined) return undefined;
    let end: number;
    if (this.gap(i + 1) === ':' && this.num(i + 2, 2, 2, 59) !== undefined) {
      end = i + 2;
      if (this.gap(end) === '.' && this.num(end + 1, 1, 9, Infinity) !== undefined) end += 1;
    } else if (this.gap(i + 1) === '.' && this.num(i, 2, 2, 59) !== undefined && this.num(i + 2, 1, 9, Infinity) !== undefined) {
      end = i + 2;
    } else if (this.num(i, 1, 2, 23) !== undefined) {
      end = i + 1;
    } else {
      return undefined;
    }
    const zone = this.gap(end);
    if (
      (zone === '+' || zone === '-') &&
      this.num(end + 1, 2, 2, 14) !== undefined &&
      this.gap(end + 1) === ':' &&
      this.num(end + 2, 2, 2, 59) !== undefined
    ) {
      end += 2;
    }
    return end;
  }

  private addressAt(i: number): number | undefined {
    for (let k = 0; k < 4; k++) {
      if (this.num(i + k, 1, 3, 255) === undefined || (k < 3 && this.gap(i + k) !== '.')) return undefined;
    }
    if (this.gap(i + 3) === ':' && this.num(i + 4, 1, 5, 65535) !== undefined) return i + 4;
    return this.text.slice(0, this.run[i].start).endsWith('//') ? i + 3 : undefined;
  }
}

/** Ranges of groups kept (rule 3): masked numbers, and dates, times or addresses that stand apart. */
export function readableShapes(text: string, run: DigitGroup[]): GroupRange[] {
  const reader = new ShapeReader(text, run);
  const shapes: GroupRange[] = [];
  const kept: GroupRange[] = [];
  const isMasked = new Array<boolean>(run.length).fill(false);
  for (let i = 0; i < run.length;) {
    const masked = reader.maskedAt(i);
    if (masked !== undefined) {
      kept.push({ from: i, to: masked });
      isMasked[i] = isMasked[masked] = true;
      i = masked + 1;
      continue;
    }
    const end = reader.shapeAt(i);
    if (end === undefined) {
      i += 1;
      continue;
    }
    shapes.push({ from: i, to: end });
    i = end + 1;
  }
  // Adjacent shapes form one cluster, kept only when no other digits share its run (masked numbers aside).
  for (let s = 0; s < shapes.length;) {
    let e = s;
    while (e + 1 < shapes.length && shapes[e + 1].from === shapes[e].to + 1) e += 1;
    const from = shapes[s].from;
    const to = shapes[e].to;
    if ((from === 0 || isMasked[from - 1]) && (to === run.length - 1 || isMasked[to + 1])) kept.push(...shapes.slice(s, e + 1));
    s = e + 1;
  }
  return kept;
}

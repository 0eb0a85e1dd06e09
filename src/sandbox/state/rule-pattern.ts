/**
 * Rule patterns matched in bounded time. The platform takes a regular expression as `rule_pattern`;
 * the sandbox accepts JavaScript RegExp syntax but never runs it on the backtracking RegExp engine
 * (`(a+)+b` takes exponential time there). A pattern is compiled to a small NFA program and matched by
 * simulating every thread at once (Thompson/Pike), which costs at most input length × program size
 * steps whatever the pattern. Features that need backtracking are refused when the rule is saved:
 * backreferences (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`). docs/sandbox.md
 * "Rule patterns" is the user's description.
 */

import { VoxmaskError } from '../../errors';

/** Longest input a rule pattern is matched against, characters (an E.164 number is at most 16 with `+`). */
export const MAX_MATCHED_CHARS = 32;
/** Largest compiled program, instructions (counted repetitions are expanded: `\d{1,20}` is about 60). */
export const MAX_PROGRAM_SIZE = 10_000;

/** A pattern the sandbox cannot take; the message says why (a syntax error or a refused feature). */
export class RulePatternError extends VoxmaskError {
  override name = 'RulePatternError';
  readonly code = 'E_RULE_PATTERN';
}

/** A compiled rule pattern. */
export interface RuleMatcher {
  /** Whether the pattern matches the whole of `input`; false for an input over MAX_MATCHED_CHARS characters. */
  test(input: string): boolean;
}

/** Deepest group nesting accepted (the parser and the compiler recurse once per level). */
const MAX_GROUP_DEPTH = 100;

type CharTest = (code: number) => boolean;
type Node =
  | { t: 'char'; test: CharTest }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number }
  | { t: 'assert'; kind: Assertion };
type Assertion = 'start' | 'end' | 'word' | 'nonword';
type Inst =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; a: number; b: number }
  | { op: 'jmp'; to: number }
  | { op: 'assert'; kind: Assertion }
  | { op: 'match' };

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const WHITESPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: CharTest = (c) => WHITESPACE.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineTerminator: CharTest = (c) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
const not =
  (test: CharTest): CharTest =>
  (c) =>
    !test(c);
const CLASS_ESCAPES: Record<string, CharTest> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };

/** Recursive-descent parser of JavaScript RegExp syntax (no flags, Annex B literals) into the AST above. */
class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) throw this.error(`unexpected "${this.src[this.pos]}"`);
    return node;
  }

  private error(problem: string): RulePatternError {
    return new RulePatternError(`${problem} at character ${this.pos + 1}`);
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos += 1;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : { t: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      let atom = this.atom();
      for (;;) {
        const quantifier = this.quantifier();
        if (!quantifier) break;
        if (atom.t === 'assert') throw this.error('nothing to repeat');
        atom = { t: 'rep', node: atom, ...quantifier };
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0] : { t: 'seq', items };
  }

  /** `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each optionally lazy (`?`: same language, so ignored). */
  private quantifier(): { min: number; max: number } | undefined {
    const c = this.src[this.pos];
    let bounds: { min: number; max: number } | undefined;
    if (c === '*') bounds = { min: 0, max: Infinity };
    else if (c === '+') bounds = { min: 1, max: Infinity };
    else if (c === '?') bounds = { min: 0, max: 1 };
    if (bounds) this.pos += 1;
    else if (c === '{') {
      const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return undefined; // a literal `{` (Annex B)
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (max < min) throw this.error('numbers out of order in {} quantifier');
      this.pos += m[0].length;
      bounds = { min, max };
    } else return undefined;
    if (this.src[this.pos] === '?') this.pos += 1;
    return bounds;
  }

  private atom(): Node {
    const c = this.src[this.pos];
    this.pos += 1;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '.') return { t: 'char', test: not(isLineTerminator) };
    if (c === '^') return { t: 'assert', kind: 'start' };
    if (c === '$') return { t: 'assert', kind: 'end' };
    if (c === '\\') return this.atomEscape();
    if (c === '*' || c === '+' || c === '?') throw this.error('nothing to repeat');
    return literal(c.charCodeAt(0));
  }

  private group(): Node {
    this.depth += 1;
    if (this.depth > MAX_GROUP_DEPTH) throw this.error(`groups nested more than ${MAX_GROUP_DEPTH} deep`);
    if (this.src.startsWith('?:', this.pos)) this.pos += 2;
    else if (/^\?(=|!|<=|<!)/.test(this.src.slice(this.pos))) {
      throw this.error('lookahead and lookbehind assertions are not supported (the sandbox matches rule patterns without backtracking)');
    } else if (this.src.startsWith('?<', this.pos)) {
      const end = this.src.indexOf('>', this.pos);
      if (end < 0) throw this.error('unterminated group name');
      this.pos = end + 1;
    } else if (this.src[this.pos] === '?') throw this.error('invalid group');
    const inner = this.alternation();
    if (this.src[this.pos] !== ')') throw this.error('unterminated group');
    this.pos += 1;
    this.depth -= 1;
    return inner;
  }

  private atomEscape(): Node {
    const c = this.src[this.pos];
    if (c === undefined) throw this.error('\\ at end of pattern');
    if (c === 'b' || c === 'B') {
      this.pos += 1;
      return { t: 'assert', kind: c === 'b' ? 'word' : 'nonword' };
    }
    if (/[1-9]/.test(c) || c === 'k') throw this.error('backreferences are not supported (the sandbox matches rule patterns without backtracking)');
    return { t: 'char', test: this.escapeTest(false) };
  }

  /** The character test of the escape at `pos` (after the `\`), inside a class or not. */
  private escapeTest(inClass: boolean): CharTest {
    const c = this.src[this.pos];
    this.pos += 1;
    if (c === undefined) throw this.error('\\ at end of pattern');
    if (CLASS_ESCAPES[c]) return CLASS_ESCAPES[c];
    return literal(this.escapeCode(c, inClass)).test;
  }

  /** The code unit of a character escape `\c` whose letter (already consumed) is `c`. */
  private escapeCode(c: string, inClass: boolean): number {
    if (inClass && c === 'b') return 8;
    if (c in CONTROL_ESCAPES) return CONTROL_ESCAPES[c];
    if (c === '0') {
      if (/[0-9]/.test(this.src[this.pos] ?? '')) throw this.error('octal escapes are not supported');
      return 0;
    }
    if (/[1-9]/.test(c)) throw this.error(inClass ? 'octal escapes are not supported' : 'backreferences are not supported');
    const hex = (digits: number): number | undefined => {
      const text = this.src.slice(this.pos, this.pos + digits);
      if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(text)) return undefined;
      this.pos += digits;
      return Number.parseInt(text, 16);
    };
    if (c === 'x') return hex(2) ?? 'x'.charCodeAt(0);
    if (c === 'u') return hex(4) ?? 'u'.charCodeAt(0);
    if (c === 'c') {
      const letter = this.src[this.pos] ?? '';
      if (!/[A-Za-z]/.test(letter)) throw this.error('\\c must be followed by a letter');
      this.pos += 1;
      return letter.charCodeAt(0) % 32;
    }
    return c.charCodeAt(0);
  }

  private charClass(): Node {
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos += 1;
    const tests: CharTest[] = [];
    while (this.src[this.pos] !== ']') {
      if (this.pos >= this.src.length) throw this.error('unterminated character class');
      const from = this.classAtom();
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos += 1;
        const to = this.classAtom();
        if (typeof from === 'number' && typeof to === 'number') {
          if (to < from) throw this.error('range out of order in character class');
          tests.push((code) => code >= from && code <= to);
          continue;
        }
        // `[\d-x]`: a class escape cannot bound a range, so `-` is a literal (Annex B).
        tests.push(asTest(from), literal(45).test, asTest(to));
        continue;
      }
      tests.push(asTest(from));
    }
    this.pos += 1;
    const inClass: CharTest = (code) => tests.some((t) => t(code));
    return { t: 'char', test: negated ? not(inClass) : inClass };
  }

  /** One class member: a code unit, or a class escape's test (`\d`). */
  private classAtom(): number | CharTest {
    const c = this.src[this.pos];
    this.pos += 1;
    if (c !== '\\') return c.charCodeAt(0);
    const letter = this.src[this.pos];
    if (letter !== undefined && CLASS_ESCAPES[letter]) {
      this.pos += 1;
      return CLASS_ESCAPES[letter];
    }
    this.pos += 1;
    if (letter === undefined) throw this.error('\\ at end of pattern');
    return this.escapeCode(letter, true);
  }
}

function literal(code: number): { t: 'char'; test: CharTest } {
  return { t: 'char', test: (c) => c === code };
}

function asTest(member: number | CharTest): CharTest {
  return typeof member === 'number' ? literal(member).test : member;
}

/** Emits the program of `node`; throws RulePatternError once it (or the work of emitting it) would pass MAX_PROGRAM_SIZE. */
function emit(node: Node, program: Inst[], budget = { steps: 0 }): void {
  budget.steps += 1;
  if (program.length > MAX_PROGRAM_SIZE || budget.steps > 10 * MAX_PROGRAM_SIZE) {
    throw new RulePatternError(`the pattern is too complex: its matcher would need more than ${MAX_PROGRAM_SIZE} steps per character (large {n,m} counts, nested)`);
  }
  switch (node.t) {
    case 'char':
      program.push({ op: 'char', test: node.test });
      return;
    case 'assert':
      program.push({ op: 'assert', kind: node.kind });
      return;
    case 'seq':
      for (const item of node.items) emit(item, program, budget);
      return;
    case 'alt': {
      const jumps: { op: 'jmp'; to: number }[] = [];
      node.branches.forEach((branch, i) => {
        if (i < node.branches.length - 1) {
          const split: Inst = { op: 'split', a: program.length + 1, b: 0 };
          program.push(split);
          emit(branch, program, budget);
          const jump = { op: 'jmp' as const, to: 0 };
          program.push(jump);
          jumps.push(jump);
          split.b = program.length;
        } else emit(branch, program, budget);
      });
      for (const jump of jumps) jump.to = program.length;
      return;
    }
    case 'rep': {
      for (let i = 0; i < node.min; i++) emit(node.node, program, budget);
      if (node.max === Infinity) {
        const split: Inst = { op: 'split', a: program.length + 1, b: 0 };
        const loop = program.length;
        program.push(split);
        emit(node.node, program, budget);
        program.push({ op: 'jmp', to: loop });
        split.b = program.length;
        return;
      }
      const splits: { op: 'split'; a: number; b: number }[] = [];
      for (let i = node.min; i < node.max; i++) {
        const split = { op: 'split' as const, a: program.length + 1, b: 0 };
        program.push(split);
        splits.push(split);
        emit(node.node, program, budget);
      }
      for (const split of splits) split.b = program.length;
      return;
    }
  }
}

/**
 * Compiles a rule pattern with whole-number semantics: the platform applies the pattern "to a whole
 * number" (`123` does not match 123456, `123.+` does — voximplant.com help "What is Voximplant
 * Application Rule"). JavaScript RegExp syntax (inferred); matching is linear in the input (see the top of this
 * file). Throws RulePatternError for a syntax error, a refused feature or a pattern too complex.
 */
export function compileRulePattern(pattern: string): RuleMatcher {
  try {
    new RegExp(pattern); // the syntax errors users know from JavaScript, worded by the engine
  } catch (err) {
    throw new RulePatternError((err as Error).message);
  }
  const program: Inst[] = [];
  emit(new Parser(pattern).parse(), program);
  program.push({ op: 'match' });
  return { test: (input) => input.length <= MAX_MATCHED_CHARS && run(program, input) };
}

/** Whether `program` matches the whole of `input`: every thread advanced in lockstep, each state once per position. */
function run(program: Inst[], input: string): boolean {
  const seen = new Int32Array(program.length).fill(-1);
  let current: number[] = [];
  const stack: number[] = [];
  /** Adds the threads reachable from `start` at position `pos` without consuming a character. */
  const follow = (start: number, pos: number, into: number[]): void => {
    stack.push(start);
    while (stack.length > 0) {
      const pc = stack.pop() as number;
      if (seen[pc] === pos) continue;
      seen[pc] = pos;
      const inst = program[pc];
      if (inst.op === 'jmp') stack.push(inst.to);
      else if (inst.op === 'split') stack.push(inst.b, inst.a);
      else if (inst.op === 'assert') {
        if (holds(inst.kind, input, pos)) stack.push(pc + 1);
      } else into.push(pc);
    }
  };
  follow(0, 0, current);
  for (let pos = 0; pos < input.length; pos++) {
    const code = input.charCodeAt(pos);
    const next: number[] = [];
    for (const pc of current) {
      const inst = program[pc];
      if (inst.op === 'char' && inst.test(code)) follow(pc + 1, pos + 1, next);
    }
    if (next.length === 0) return false;
    current = next;
  }
  return current.some((pc) => program[pc].op === 'match');
}

function holds(kind: Assertion, input: string, pos: number): boolean {
  if (kind === 'start') return pos === 0;
  if (kind === 'end') return pos === input.length;
  const before = pos > 0 && isWord(input.charCodeAt(pos - 1));
  const after = pos < input.length && isWord(input.charCodeAt(pos));
  return (before !== after) === (kind === 'word');
}

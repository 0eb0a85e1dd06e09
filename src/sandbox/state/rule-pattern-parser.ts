/**
 * The first half of rule-pattern matching (rule-pattern.ts): parsing a pattern in JavaScript RegExp
 * syntax (no flags, Annex B literals) into a small syntax tree of character tests, sequences,
 * alternatives, repetitions and assertions. Backreferences and lookaround are refused here, with the
 * position, because matching them needs backtracking.
 */
import { RulePatternError } from './rule-pattern-error';

/** Deepest group nesting accepted (the parser and the compiler recurse once per level). */
const MAX_GROUP_DEPTH = 100;

/** Whether a UTF-16 code unit belongs to a character set. */
export type CharTest = (code: number) => boolean;
/** A node of the parsed pattern. */
export type Node =
  | { t: 'char'; test: CharTest }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; branches: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number }
  | { t: 'assert'; kind: Assertion };
/** A zero-width test: `^`, `$`, `\b`, `\B`. */
export type Assertion = 'start' | 'end' | 'word' | 'nonword';

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
/** A word character of `\w` and `\b`: ASCII letters, digits and `_`. */
export const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const WHITESPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: CharTest = (c) => WHITESPACE.has(c) || (c >= 0x2000 && c <= 0x200a);
const isLineTerminator: CharTest = (c) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
const not =
  (test: CharTest): CharTest =>
  (c) =>
    !test(c);
const CLASS_ESCAPES: Record<string, CharTest> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13 };

/**
 * The syntax tree of `pattern`.
 * @throws RulePatternError naming the problem and the character position (a refused feature, a
 *   malformed group, class, quantifier or escape)
 */
export function parseRulePattern(pattern: string): Node {
  return new Parser(pattern).parse();
}

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
    if (/[1-9]/.test(c) || c === 'k')
      throw this.error('backreferences are not supported (the sandbox matches rule patterns without backtracking)');
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

import fc from 'fast-check';
import { compileRulePattern, MAX_MATCHED_CHARS, MAX_PROGRAM_SIZE, RulePatternError } from '../../../src/sandbox/state/rule-pattern';

/**
 * Rule patterns are matched by a bounded engine (an NFA simulation): the same answers as JavaScript's
 * RegExp on whole numbers, in time linear in the input whatever the pattern, and the features that need
 * backtracking refused when the pattern is compiled.
 */
const PATTERNS = [
  '.*',
  '123.+',
  '4930\\d+',
  '(\\+?49|0049)\\d{7,12}',
  '12125550107',
  '[0-9]{3,5}',
  '[^5]+',
  'a|ab|abc',
  '(ab)*c?',
  '\\b\\d+\\b',
  'x{2,}',
  '[\\d-x]+',
  '(?:1|2)+3',
  '\\x41\\u0042',
  '[a-c\\]]+',
  '^1$',
  'a{',
  '(?<n>1)2',
  '[]',
  '[^]*',
  '\\.',
  '1?2??3*?',
  '\\s*\\S+',
  '\\w+\\W?',
  '[\\b]?a',
  '\\0?1',
  '(1|12)(2|23)*',
  '\\B1\\B',
];
const INPUTS = [
  '',
  '1',
  '123',
  '1234',
  '4930123',
  '+49151234567',
  '0049151234567',
  '12125550107',
  'aab',
  'ab',
  'abc',
  'x',
  'xx',
  'xxx',
  '12-x',
  '1123',
  'AB',
  'c]a',
  '12',
  '5',
  '55',
  'a{',
  '3',
  '.',
  '123333',
  ' 1',
  'a_1!',
  '\b' + 'a',
  '\u0000' + '1',
  '11',
  '1223',
  '111',
];

function regexpAnswer(pattern: string, input: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(input);
}

describe('rule patterns', () => {
  test('answer as JavaScript RegExp does on whole inputs', () => {
    for (const pattern of PATTERNS) {
      const matcher = compileRulePattern(pattern);
      for (const input of INPUTS) expect([pattern, input, matcher.test(input)]).toEqual([pattern, input, regexpAnswer(pattern, input)]);
    }
  });

  test('answer as RegExp does for generated patterns over a small alphabet (property, bounded runs)', () => {
    const atom = fc.constantFrom('1', '2', '\\d', '.', '[12]', '[^1]', '(?:1|12)', '(2|21)');
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{0,}');
    const pattern = fc
      .array(
        fc.tuple(atom, quantifier).map(([a, q]) => a + q),
        { minLength: 1, maxLength: 5 },
      )
      .map((parts) => parts.join(''));
    const input = fc.stringMatching(/^[12a]{0,8}$/);
    fc.assert(
      fc.property(pattern, input, (p, i) => compileRulePattern(p).test(i) === regexpAnswer(p, i)),
      { numRuns: 300 },
    );
  });

  test.each([
    ['(a+)+b', 'a'],
    ['(a|a)*b', 'a'],
    ['(.*)*x', 'a'],
    ['(\\d+)*$x', '1'],
    ['(\\d+)*!', '1'],
    ['(a|aa)+$b', 'a'],
    ['(\\d|1)+x', '1'],
    ['(x+x+)+y', 'x'],
    ['(.*a){20}b', 'a'],
    ['((\\d*)*)*z', '5'],
  ])('%s on a long run of "%s" is answered by the bounded engine', (pattern, char) => {
    const matcher = compileRulePattern(pattern);
    // RegExp needs about a second at 27 characters here, doubling per character; the NFA does at most
    // MAX_MATCHED_CHARS × program-size steps. Counted, not timed: the answer is the right one.
    expect(matcher.test(char.repeat(MAX_MATCHED_CHARS))).toBe(false);
    expect(matcher.test(char.repeat(MAX_MATCHED_CHARS + 1))).toBe(false);
  });

  test('an input longer than MAX_MATCHED_CHARS matches nothing, not even .*', () => {
    expect(compileRulePattern('.*').test('1'.repeat(MAX_MATCHED_CHARS))).toBe(true);
    expect(compileRulePattern('.*').test('1'.repeat(MAX_MATCHED_CHARS + 1))).toBe(false);
  });

  test.each([
    ['(a)\\1', /backreferences/],
    ['(?<x>a)\\k<x>', /backreferences/],
    ['(?=1)1', /lookahead and lookbehind/],
    ['(?!1)2', /lookahead and lookbehind/],
    ['(?<=1)2', /lookahead and lookbehind/],
    ['(?<!1)2', /lookahead and lookbehind/],
    ['\\01', /octal/],
    ['(', /Invalid regular expression/],
    ['a**', /Invalid regular expression/],
    ['((((\\d{100}){100}){100}){100})', /too complex/],
    ['(?:){99999999}', /too complex/],
    [`${'('.repeat(101)}1${')'.repeat(101)}`, /nested more than 100/],
  ])('%s is refused when compiled', (pattern, message) => {
    expect(() => compileRulePattern(pattern)).toThrow(RulePatternError);
    expect(() => compileRulePattern(pattern)).toThrow(message);
  });

  test('a counted repetition within the program bound is taken', () => {
    expect(compileRulePattern(`\\d{${Math.floor(MAX_PROGRAM_SIZE / 4)}}`).test('1')).toBe(false);
  });
});

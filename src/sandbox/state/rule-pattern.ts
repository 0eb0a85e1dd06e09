/**
 * Rule patterns matched in bounded time. The platform takes a regular expression as `rule_pattern`;
 * the sandbox accepts JavaScript RegExp syntax but never runs it on the backtracking RegExp engine
 * (`(a+)+b` takes exponential time there). A pattern is compiled to a small NFA program and matched by
 * simulating every thread at once (Thompson/Pike), which costs at most input length × program size
 * steps whatever the pattern. Features that need backtracking are refused when the rule is saved:
 * backreferences (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`). docs/sandbox.md
 * "Rule patterns" is the user's description.
 *
 * This file is the entry point; parsing is rule-pattern-parser.ts's, compiling and running the
 * program rule-pattern-program.ts's.
 */

import { parseRulePattern } from './rule-pattern-parser';
import { compileProgram, runProgram } from './rule-pattern-program';
import { RulePatternError } from './rule-pattern-error';

export { RulePatternError } from './rule-pattern-error';
export { MAX_PROGRAM_SIZE } from './rule-pattern-program';

/** Longest input a rule pattern is matched against, characters (an E.164 number is at most 16 with `+`). */
export const MAX_MATCHED_CHARS = 32;

/** A compiled rule pattern. */
export interface RuleMatcher {
  /** Whether the pattern matches the whole of `input`; false for an input over MAX_MATCHED_CHARS characters. */
  test(input: string): boolean;
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
  const program = compileProgram(parseRulePattern(pattern));
  return { test: (input) => input.length <= MAX_MATCHED_CHARS && runProgram(program, input) };
}

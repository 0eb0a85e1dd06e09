/** The error of a rule pattern the sandbox cannot take (rule-pattern.ts), in a file of its own so that the parser and the compiler can throw it. */
import { VoxmaskError } from '../../errors';

/** A pattern the sandbox cannot take; the message says why (a syntax error or a refused feature). */
export class RulePatternError extends VoxmaskError {
  override name = 'RulePatternError';
  readonly code = 'E_RULE_PATTERN';
}

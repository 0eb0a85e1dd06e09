/**
 * Management API error codes the sandbox answers with (docs/platform.md#error-codes, from the official
 * client's `APIErrorCode` enum). The wire shape is `{"error": {"msg": "...", "code": N}}`.
 */
export const ApiCode = {
  AUTHORIZATION_FAILED: 100,
  INVALID_ARGUMENTS: 101,
  MISSING_CMD: 102,
  UNKNOWN_COMMAND: 103,
  INVALID_APPLICATION_NAME: 107,
  INVALID_APPLICATION_ID: 116,
  INVALID_PHONE_NUMBER: 121,
  APPLICATION_NAME_ISNT_UNIQUE: 129,
  SCRIPT_TEXT_IS_TOO_LONG: 130,
  INVALID_SCENARIO_ID: 132,
  SCENARIO_NAME_ISNT_UNIQUE: 133,
  REQUIRED_IS_EMPTY: 134,
  INVALID_RULE_ID: 147,
  INVALID_RULE_PATTERN: 148,
  INVALID_RULE_PATTERN_EXCLUDE: 149,
  INVALID_CALL_SESSION_HISTORY_ID: 150,
  INVALID_RULE_NAME: 156,
  TRY_LATER: 162,
  INVALID_SCENARIO_NAME: 168,
  DUPLICATE_RULE_NAME: 175,
  INVALID_PHONE_ID: 181,
  INVALID_COUNTRY_CODE: 239,
  INVALID_PHONE_CATEGORY_NAME: 240,
  INVALID_PHONE_REGION_ID: 241,
  INVALID_PHONE_COUNT: 243,
  NO_PHONES_IN_STOCK: 331,
  INSUFFICIENT_PHONES: 332,
  RATE_LIMIT_EXCEED: 340,
  RULE_NO_SCENARIO_BOUND: 375,
  INVALID_KEY_ID: 433,
  INVALID_TOKEN_FORMAT: 447,
  INVALID_TOKEN_TTL: 454,
  TOKEN_ISSUED_IN_FUTURE: 455,
  TOKEN_EXPIRED: 456,
  ONLY_ONE_OF_PARAMETERS: 458,
  INVALID: 496,
  INVALID_RANGE: 497,
  TOO_LONG: 499,
} as const;

export type ApiErrorCode = (typeof ApiCode)[keyof typeof ApiCode];

/**
 * A Management API error answer. `code` and `msg` go on the wire; `httpStatus` is 200 for API errors
 * (the official client resolves with `{error}` for them, docs/platform.md#mapi-errors (inferred)) and
 * 429/5xx for injected faults.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    msg: string,
    readonly httpStatus = 200,
  ) {
    super(msg);
  }

  /** The JSON body: `{"error": {"msg", "code"}}`. */
  toBody(): { error: { msg: string; code: number } } {
    return { error: { msg: this.message, code: this.code } };
  }
}

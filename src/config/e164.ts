import { z } from 'zod';
import { isE164 } from '../../contract/phone';

/**
 * An E.164 phone number with its `+` (ITU-T E.164: a non-zero first digit, 7–15 digits; the one pattern
 * is contract/phone.ts isE164), as every configuration and script file states numbers.
 */
export const e164Schema = z
  .string()
  .refine(isE164, { message: 'must be an E.164 number with a leading + (7-15 digits), e.g. +4930123456789' });

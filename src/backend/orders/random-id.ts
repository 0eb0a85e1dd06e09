import { randomInt } from 'node:crypto';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A random id of `prefix` and `length` letters (CSPRNG; 20 letters are about 114 bits). Letters only, so
 * an id never holds a run of digits that output masking (contract/mask-text.ts) would take for a phone
 * number, and it fits the session and request id rules of contract/pool-route.ts and contract/click-to-call.ts.
 */
export function randomLetterId(prefix: string, length = 20): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += LETTERS[randomInt(LETTERS.length)];
  return id;
}

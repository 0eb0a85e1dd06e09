import { randomInt } from 'node:crypto';

/**
 * A uniformly random PIN of `length` digits (leading zeros allowed, as the contract's `^[0-9]{4,10}$`
 * allows them), from Node's CSPRNG: PINs guard real phone numbers, so they must not be guessable.
 */
export function randomPin(length: number): string {
  return String(randomInt(0, 10 ** length)).padStart(length, '0');
}

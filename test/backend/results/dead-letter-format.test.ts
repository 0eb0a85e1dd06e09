import { maskPhonesInText } from '../../../contract/mask-text';
import { formatDeadLetter, fromLogLetters, parseDeadLetter, toLogLetters } from '../../../contract/result-delivery';
import { signatureHeaders } from '../../../contract/signature';
import { signResultBody } from '../../../src/backend/results';

/** The one dead-letter format (contract/result-delivery.ts), shared by the scenario and the drain. */
const SECRET = 'format-secret';
const BODY = JSON.stringify({ sessionId: 2_147_483_647, resultId: '2147483647-x', durationS: 1234.567, note: 'Grüße ٠١٥١ 😀' });

describe('dead-letter format', () => {
  it('an envelope carries exactly the headers the backend signs with, and parses back', () => {
    const headers = signResultBody(BODY, SECRET, 1_767_225_600);
    const value = formatDeadLetter(BODY, signatureHeaders(1_767_225_600, headers['X-Voxmask-Signature'].slice(3)));
    expect(JSON.parse(value)).toEqual({ headers, body: BODY });
    const letter = parseDeadLetter(value);
    expect(letter.body).toBe(BODY);
    expect(letter.headers).toEqual(headers);
  });

  it('a bare body, or anything that is not an envelope, parses as a bare body', () => {
    expect(formatDeadLetter(BODY, null)).toBe(BODY);
    for (const value of [BODY, 'not json', '[]', '{"headers":[],"body":"x"}', '{"headers":{},"body":1}', 'null']) {
      expect(parseDeadLetter(value)).toEqual({ headers: null, body: value });
    }
  });

  it('the logged form holds no digit, survives the log masking and decodes to the exact value', () => {
    const value = formatDeadLetter(BODY, signatureHeaders(1_767_225_600, 'ab'.repeat(32)));
    const letters = toLogLetters(value);
    expect(letters).toMatch(/^[a-p]+$/);
    expect(maskPhonesInText(`voxmask result_logged value="${letters}"`)).toBe(`voxmask result_logged value="${letters}"`);
    expect(fromLogLetters(letters)).toBe(value);
    // The readable form, masked, loses the long digit runs: why the letters exist.
    expect(maskPhonesInText(value)).not.toBe(value);
  });

  it('a damaged logged value is refused with the reason', () => {
    expect(() => fromLogLetters('abc')).toThrow(/pairs of the letters a-p/);
    expect(() => fromLogLetters('a1')).toThrow(/pairs of the letters a-p/);
    expect(() => fromLogLetters('pp')).toThrow(/invalid UTF-8/);
  });
});

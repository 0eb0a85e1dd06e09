import {
  CLICK_TO_CALL_DATA_MAX_BYTES,
  formatClickToCallCommand,
  formatClickToCallData,
  parseClickToCallCommand,
  parseClickToCallData,
} from '../../contract/click-to-call';
import { internationalDigits } from '../../contract/phone';

const data = { orderId: 'A-1042', from: 'courier', to: 'customer', requestId: 'r-5b1c' } as const;

describe('click-to-call custom data', () => {
  it('reads formatted data back', () => {
    const text = formatClickToCallData(data);
    expect(JSON.parse(text)).toEqual({ v: 1, mode: 'click-to-call', ...data });
    expect(parseClickToCallData(text)).toEqual({ ok: true, value: { v: 1, mode: 'click-to-call', ...data } });
  });

  it('fits the 200-byte session custom data with every field at its maximum', () => {
    const text = formatClickToCallData({ orderId: 'O'.repeat(40), from: 'restaurant', to: 'customer', requestId: 'R'.repeat(36) });
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(CLICK_TO_CALL_DATA_MAX_BYTES);
    expect(CLICK_TO_CALL_DATA_MAX_BYTES).toBe(200);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 100 characters of 2 bytes each plus the JSON around them: within 200 characters, over 200 bytes.
    const text = JSON.stringify({ v: 1, mode: 'click-to-call', ...data, note: 'é'.repeat(60) });
    expect(text.length).toBeLessThanOrEqual(200);
    const result = parseClickToCallData(text);
    expect(result).toEqual({ ok: false, field: '', problem: expect.stringMatching(/UTF-8 bytes/) });
  });

  it('names the field of each problem', () => {
    const fieldOf = (value: unknown) => {
      const r = parseClickToCallData(JSON.stringify(value));
      return r.ok ? 'accepted' : r.field;
    };
    const full = { v: 1, mode: 'click-to-call', ...data };
    expect(fieldOf({ ...full, mode: 'pool' })).toBe('mode');
    expect(fieldOf({ ...full, from: 'driver' })).toBe('from');
    expect(fieldOf({ ...full, to: 'courier' })).toBe('to');
    expect(fieldOf({ ...full, requestId: 'r'.repeat(37) })).toBe('requestId');
    expect(fieldOf({ ...full, orderId: undefined })).toBe('orderId');
  });

  it('never carries a phone number: the number fields do not exist and ids cannot hold a + number', () => {
    expect(() => formatClickToCallData({ ...data, requestId: '+4915112345678' })).toThrow(/field "requestId"/);
    const text = formatClickToCallData(data);
    for (const value of Object.values(JSON.parse(text) as Record<string, unknown>)) {
      expect(internationalDigits(String(value))).toBeNull();
    }
  });
});

describe('click-to-call commands (the access URL body)', () => {
  it('reads a formatted cancel back, with and without the request id', () => {
    expect(parseClickToCallCommand(formatClickToCallCommand({ action: 'cancel', requestId: 'r-5b1c' }))).toEqual({
      ok: true,
      value: { v: 1, action: 'cancel', requestId: 'r-5b1c' },
    });
    expect(parseClickToCallCommand('{"v":1,"action":"cancel"}')).toEqual({ ok: true, value: { v: 1, action: 'cancel' } });
  });

  it('names the field of each problem', () => {
    expect(parseClickToCallCommand('{"v":1,"action":"hangup"}')).toMatchObject({ ok: false, field: 'action' });
    expect(parseClickToCallCommand('{"v":1,"action":"cancel","requestId":"+4915112345678"}')).toMatchObject({
      ok: false,
      field: 'requestId',
    });
    expect(parseClickToCallCommand('cancel')).toMatchObject({ ok: false, field: '' });
  });
});

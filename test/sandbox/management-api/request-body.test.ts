/**
 * readBodyText (src/sandbox/management-api/request-body.ts) on a request stream it is handed directly:
 * the byte cap and the deadline, and that a refused body leaves no timer behind (a body cut at the cap
 * never ends, so only the refusal itself can clear its deadline).
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { readBodyText } from '../../../src/sandbox/management-api/request-body';

/** A request body stream with the one field readBodyText reads besides the stream itself. */
function requestBody(): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { complete: false }) as unknown as PassThrough & IncomingMessage;
}

describe('readBodyText', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('a body over the cap is refused at once and leaves no timer pending', async () => {
    const req = requestBody();
    const read = readBodyText(req, { limitBytes: 10, timeoutMs: 30_000 });
    req.write(Buffer.alloc(11));
    await expect(read).rejects.toMatchObject({ kind: 'too-large' });
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a body that does not end within the deadline is refused as stalled', async () => {
    const req = requestBody();
    const read = readBodyText(req, { limitBytes: 10, timeoutMs: 300 });
    req.write('abc');
    jest.advanceTimersByTime(300);
    await expect(read).rejects.toMatchObject({ kind: 'stalled', message: 'The request body did not arrive within 300 ms' });
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a body within the cap and the deadline is read whole, and its deadline cleared', async () => {
    const req = requestBody();
    const read = readBodyText(req, { limitBytes: 10, timeoutMs: 300 });
    req.end('cmd=Get');
    await expect(read).resolves.toBe('cmd=Get');
    expect(jest.getTimerCount()).toBe(0);
  });
});

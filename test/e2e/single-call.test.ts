import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCallScript } from '../../src/sandbox/runtime';

/**
 * examples/single-call.json, the call script README.md and the interactive `npm start` point newcomers
 * to, run on the committed bundle: the courier is bridged to the customer, who is shown only the
 * virtual number, and the signed result is POSTed once.
 */
const examples = resolve(__dirname, '../../examples');
const script = JSON.parse(readFileSync(join(examples, 'single-call.json'), 'utf8'));

describe('examples/single-call.json', () => {
  test('bridges the courier to the customer behind the virtual number and reports once', async () => {
    const { emulator, sessions } = await runCallScript(script, examples);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].finishReason).toBe('Normal termination');
    const courier = '+4915112345678';
    const customer = '+4930123456789';
    expect(emulator.trace.callerIdsShownTo(customer)).toEqual(['+493025550100']);
    const customerHeard = emulator.trace.heardBy(customer);
    expect(customerHeard.find((h) => h.kind === 'tts')).toMatchObject({ text: 'Max is calling about order A-1042.' });
    expect(customerHeard.some((h) => h.kind === 'party' && h.peer === courier)).toBe(true);
    const courierHeard = emulator.trace.heardBy(courier);
    expect(courierHeard.some((h) => h.kind === 'url' && h.url.startsWith('progress-tone:'))).toBe(true); // ringback, not silence
    const posts = emulator.trace.records.filter(
      (r) => r.kind === 'http' && r.phase === 'request' && String(r.url).includes('/voxmask/call-results'),
    );
    expect(posts).toHaveLength(1);
    for (const line of emulator.trace.logLines()) expect(line).not.toMatch(/4915112345678|4930123456789|12345(?!\d)/);
  });
});

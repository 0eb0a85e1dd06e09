import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchesOf, DemoScriptError, readDemoScript } from '../../src/demo/demo-script';

function scriptFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'voxmask-demo-script-')), 'calls.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const call = (overrides: Record<string, unknown> = {}) => ({
  name: 'c',
  from: { order: 'B-1', role: 'courier' },
  to: '+493025550100',
  actions: [{ waitUntilHeard: 'order number' }, { pressPin: 'B-1' }],
  expect: { outcome: 'connected' },
  ...overrides,
});

describe('demo call script (examples/call-script.json format)', () => {
  test('the shipped example is valid', () => {
    expect(readDemoScript(join(__dirname, '../../examples/call-script.json')).calls.length).toBeGreaterThanOrEqual(15);
  });

  test.each([
    [
      'a bad digit in a runtime action',
      { calls: [call({ actions: [{ press: '12a' }] })] },
      'calls[0].actions[0].press: digits must be 0-9, * or #',
    ],
    [
      'a bad digit after a PIN',
      { calls: [call({ actions: [{ pressPin: 'B-1', then: 'x' }] })] },
      'calls[0].actions[0].then: digits must be 0-9, * or #',
    ],
    ['an unknown action', { calls: [call({ actions: [{ shout: 'hi' }] })] }, 'calls[0].actions[0]: an action must have exactly one of'],
    ['a virtual number that is not E.164', { calls: [call({ to: '030 2555 0100' })] }, 'calls[0].to: must be an E.164 number'],
    ['an unknown role', { calls: [call({ from: { order: 'B-1', role: 'chef' } })] }, 'calls[0].from'],
    ['an unknown outcome', { calls: [call({ expect: { outcome: 'delighted' } })] }, 'calls[0].expect.outcome'],
    [
      'a callee behaviour with a typo',
      { calls: [call({ callee: { bussy: {} } })] },
      'calls[0].callee: a phone behaviour must have exactly one of',
    ],
    [
      'a click-to-call with an unknown role',
      { calls: [{ name: 'c', clickToCall: { order: 'B-1', from: 'courier', to: 'chef' }, expect: { outcome: 'connected' } }] },
      'calls[0].clickToCall.to',
    ],
    ['a pool call to an unknown role', { calls: [call({ to: { pool: { order: 'B-1', callee: 'chef' } } })] }, 'calls[0].to'],
    ['no calls', { calls: [] }, 'calls:'],
  ])('refuses %s, naming the field', (_label, content, message) => {
    const file = scriptFile(content);
    expect(() => readDemoScript(file)).toThrow(DemoScriptError);
    expect(() => readDemoScript(file)).toThrow(message);
  });

  test('a file that is not JSON names the file', () => {
    const file = scriptFile('{ calls: ');
    expect(() => readDemoScript(file)).toThrow(`cannot read call script ${file}`);
  });

  test('consecutive calls sharing a batch run together; others alone', () => {
    const calls = readDemoScript(
      scriptFile({
        calls: [
          call({ name: 'a' }),
          call({ name: 'b', batch: 'x' }),
          call({ name: 'c', batch: 'x' }),
          call({ name: 'd', batch: 'y' }),
          call({ name: 'e', batch: 'x' }),
        ],
      }),
    ).calls;
    expect(batchesOf(calls).map((b) => b.map((c) => c.name).join(''))).toEqual(['a', 'bc', 'd', 'e']);
  });
});

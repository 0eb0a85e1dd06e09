import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { SCENARIO_CONFIG_SCHEMA_FILE, scenarioConfigJsonSchemaText } from '../../src/build/config-schema';
import { ConfigError, parseConfig } from '../../src/config';
import { deployConfigSchema } from '../../src/config/deploy';
import { scenarioConfigSchema } from '../../src/config/scenario';

function issuesOf(scenario: unknown): string[] {
  try {
    parseConfig({ scenario });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('scenario configuration', () => {
  it('fills every field with its default', () => {
    const cfg = scenarioConfigSchema.parse({});
    expect(cfg.pin).toEqual({
      length: 5,
      attempts: 3,
      firstDigitTimeoutS: 8,
      interDigitTimeoutS: 5,
      revealCallerMismatch: false,
      skipForKnownCaller: false,
    });
    expect(cfg.dial.ringback).toEqual({ type: 'tone', country: 'US' });
    expect(cfg.operator.target).toBeNull();
    expect(cfg.pool).toEqual({ noRoute: 'operator' });
    expect(cfg.clickToCall).toEqual({ virtualNumber: null });
    expect(cfg.recording.enabled).toBe(false);
    expect(cfg.language).toEqual({ default: 'en', byVirtualNumber: {} });
    expect(cfg.voices).toEqual({ en: 'Amazon.en_US_Joanna', de: 'Default.de_DE_Male' });
    expect(cfg.prompts).toEqual({ en: {}, de: {} });
    expect(cfg.results.webhookUrl).toBeNull();
    expect(cfg.results.secretName).toBe('voxmask-webhook-secret');
    expect(cfg.lockout).toEqual({ maxFailures: 5, windowS: 3600, lockS: 3600, numberBudget: { maxFailures: 50, attempts: 1, delayS: 10 } });
  });

  it('keeps given values and fills the rest of the section', () => {
    const cfg = scenarioConfigSchema.parse({ pin: { length: 6 }, operator: { number: '+4930999999' } });
    expect(cfg.pin.length).toBe(6);
    expect(cfg.pin.attempts).toBe(3);
    expect(cfg.operator).toEqual({ target: { type: 'pstn', number: '+4930999999' }, ringTimeoutS: 30, offerWindowS: 6 });
  });

  it.each([
    [{ pin: { length: 3 } }, 'scenario.pin.length'],
    [{ operator: { number: '030 1234567' } }, 'scenario.operator.number'],
    [{ dial: { ringTimeoutS: 90 } }, 'scenario.dial.ringTimeoutS'],
    [{ pin: { lenght: 5 } }, 'scenario.pin'],
    [{ results: { webhookUrl: 'ftp://x.example' } }, 'scenario.results.webhookUrl'],
    [{ language: { default: 'fr' } }, 'scenario.language.default'],
    [{ voices: { en: 'Joanna' } }, 'scenario.voices.en'],
    [{ call: { maxCallS: 60, warningBeforeEndS: 60 } }, 'scenario.call.warningBeforeEndS'],
    [{ results: { attempts: 6, requestTimeoutS: 30 } }, 'scenario.results'],
    [{ prompts: { en: { greeting: 'Enter {pin}' } } }, 'scenario.prompts.en.greeting'],
    [{ prompts: { de: { hello: 'Hallo' } } }, 'scenario.prompts.de.hello'],
    [{ lockout: { windowS: 7_776_000 } }, 'scenario.lockout.windowS'],
    [{ lockout: { numberBudget: { maxFailures: 1000 } } }, 'scenario.lockout.numberBudget.maxFailures'],
    [{ lockout: { numberBudget: { attempts: 0 } } }, 'scenario.lockout.numberBudget.attempts'],
    [{ pin: { revealCallerMismatch: 'yes' } }, 'scenario.pin.revealCallerMismatch'],
  ])('rejects %j naming %s', (scenario, field) => {
    const issues = issuesOf(scenario);
    expect(issues.some((i) => i.startsWith(`${field}:`))).toBe(true);
  });

  it.each([
    ['a plain E.164 string', { target: '+4930999999' }, { type: 'pstn', number: '+4930999999' }],
    ['a phone', { target: { type: 'pstn', number: '+4930999999' } }, { type: 'pstn', number: '+4930999999' }],
    ['a SIP URI', { target: { type: 'sip', uri: 'sip:desk@pbx.example.com' } }, { type: 'sip', uri: 'sip:desk@pbx.example.com' }],
    ['a Voximplant user', { target: { type: 'user', username: 'agent.1' } }, { type: 'user', username: 'agent.1' }],
    ['the older operator.number', { number: '+4930999999' }, { type: 'pstn', number: '+4930999999' }],
    ['no operator', { target: null }, null],
  ])('reads the operator as %s', (_name, operator, target) => {
    expect(scenarioConfigSchema.parse({ operator }).operator.target).toEqual(target);
  });

  it.each([
    [{ target: { type: 'sip', uri: 'desk at pbx' } }, 'scenario.operator.target'],
    [{ target: { type: 'user', username: 'no spaces allowed' } }, 'scenario.operator.target'],
    [{ target: { type: 'fax', number: '+4930999999' } }, 'scenario.operator.target'],
    [{ target: '+4930999999', number: '+4930999998' }, 'scenario.operator.target'],
    [{ number: '030 1234567' }, 'scenario.operator.number'],
  ])('rejects the operator %j naming %s', (operator, field) => {
    expect(issuesOf({ operator }).some((i) => i.startsWith(`${field}`))).toBe(true);
  });

  it('bounds the worst-case result delivery at 50 s, backoff included', () => {
    // 2 x 24 s requests + one 2 s backoff = 50 s: allowed; a 3 s backoff makes it 51 s.
    expect(scenarioConfigSchema.parse({ results: { attempts: 2, requestTimeoutS: 24, backoffS: 2 } }).results.backoffS).toBe(2);
    expect(
      issuesOf({ results: { attempts: 2, requestTimeoutS: 24, backoffS: 3 } }).some(
        (i) => i.startsWith('scenario.results:') && i.includes('51 s'),
      ),
    ).toBe(true);
  });

  it('accepts prompt overrides that use only their own placeholders', () => {
    const cfg = scenarioConfigSchema.parse({ prompts: { en: { connecting: 'One moment, calling {calleeName}.' } } });
    expect(cfg.prompts.en.connecting).toBe('One moment, calling {calleeName}.');
  });
});

describe('README.md configuration tables', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = (heading: string) => {
    const start = readme.indexOf(heading);
    expect(start).toBeGreaterThan(-1);
    const end = readme.indexOf('\n### ', start + heading.length);
    return readme.slice(start, end === -1 ? readme.indexOf('\n## ', start) : end);
  };
  const leaves = (value: unknown, path: string[], opaque: string[]): string[] =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length &&
    !opaque.includes(path[path.length - 1] ?? '')
      ? Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k], opaque))
      : [path.join('.')];

  it('documents every scenario field', () => {
    const table = section('### `scenario`');
    const fields = leaves(scenarioConfigSchema.parse({}), [], ['ringback', 'byVirtualNumber']).filter((f) => !f.startsWith('prompts.'));
    expect(fields.length).toBeGreaterThan(25);
    for (const field of fields) expect(table).toContain(`| \`${field}\``);
  });

  it('documents every deploy field', () => {
    const table = section('### `deploy`');
    const fields = leaves(deployConfigSchema.parse({}), [], []);
    expect(fields.length).toBeGreaterThan(15);
    for (const field of fields) expect(table).toContain(`| \`${field}\``);
  });
});

describe('schemas/scenario-config.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (regenerate: node dist/src/build/config-schema.js)', () => {
    expect(readFileSync(SCENARIO_CONFIG_SCHEMA_FILE, 'utf8')).toBe(scenarioConfigJsonSchemaText());
  });

  it('accepts the defaults and rejects a misspelt field, like the zod schema', () => {
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(
      JSON.parse(readFileSync(SCENARIO_CONFIG_SCHEMA_FILE, 'utf8')),
    );
    expect(validate({})).toBe(true);
    expect(validate({ pin: { length: 6 }, operator: { number: '+4930999999' } })).toBe(true);
    expect(validate({ pin: { lenght: 5 } })).toBe(false);
    expect(validate({ dial: { ringTimeoutS: 90 } })).toBe(false);
  });
});

import { MAX_SCENARIO_CHARS, SCRIPT_MAX_BYTES } from '../../contract/scenario-limits';
import { linkScenario } from '../../src/build/bundle';
import { BundleError } from '../../src/build/errors';
import { scenarioConfigSchema } from '../../src/config/scenario';

/** A compiled scenario that logs one string literal of `text` (kept by tree-shaking: a global call). */
const logging = (text: string) => ({ esm: `Logger.write(${JSON.stringify(text)});\n` });
const config = scenarioConfigSchema.parse({});

describe('linkScenario size limits (contract/scenario-limits.ts)', () => {
  it('accepts a bundle under both limits', async () => {
    const { code, bytes } = await linkScenario(logging('€'.repeat(1000)), config);
    expect(bytes).toBe(Buffer.byteLength(code, 'utf8'));
  });

  it('refuses a bundle the Management API would refuse: under the character limit, at least SCRIPT_MAX_BYTES UTF-8 bytes', async () => {
    const text = '€'.repeat(Math.ceil(SCRIPT_MAX_BYTES / 3)); // 3 bytes each: 43,691 characters, 131,073 bytes
    expect(text.length).toBeLessThan(MAX_SCENARIO_CHARS);
    const err = await linkScenario(logging(text), config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect(err).toMatchObject({ code: 'too_large', message: expect.stringContaining(`fewer than ${SCRIPT_MAX_BYTES}`) });
  });

  it("refuses a bundle over VoxEngine's character limit", async () => {
    await expect(linkScenario(logging('a'.repeat(MAX_SCENARIO_CHARS)), config)).rejects.toMatchObject({
      code: 'too_large',
      message: expect.stringContaining(`VoxEngine allows ${MAX_SCENARIO_CHARS}`),
    });
  });
});

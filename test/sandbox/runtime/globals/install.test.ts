/**
 * Globals whose misses are named (src/sandbox/runtime/globals/install.ts): require() of a Modules member
 * the typings lack names that member instead of "got undefined"; a voice the emulator lacks reads as
 * undefined, as on the platform, but leaves a warning naming it (no silent fall-back to the default).
 */
import { ofKind, runScenario } from '../helpers';

async function run(body: string) {
  return runScenario(`VoxEngine.addEventListener(AppEvents.Started, () => { ${body}; VoxEngine.terminate(); });`, { call: null });
}

describe('require(Modules.X)', () => {
  test('of a member the typings lack names it', async () => {
    const r = await run(`try { require(Modules.Player); } catch (e) { Logger.write(e.name + ': ' + e.message); }`);
    expect(r.logs[0]).toMatch(
      /^TypeError: require: Modules\.Player is not a member of Modules in the VoxEngine typings \(v28\) the emulator follows, so require\(\) got undefined; its members are ACD, AI, ApplicationStorage/,
    );
  });

  test('of a real but unemulated module, or of a plain undefined, keeps its own message', async () => {
    const r = await run(`
      for (const use of [() => require(Modules.ASR), () => require(undefined), () => { Modules.Nope; require(Modules.ApplicationStorage); require(undefined); }]) {
        try { use(); } catch (e) { Logger.write(e.message); }
      }`);
    expect(r.logs).toEqual([
      'Modules.ASR is not emulated',
      'require: expected a Modules member such as Modules.ApplicationStorage, got undefined',
      'require: expected a Modules member such as Modules.ApplicationStorage, got undefined',
    ]);
  });
});

describe('voices the emulator lacks', () => {
  test('a Google voice of another locale is undefined, with a warning naming it and the emulated locales', async () => {
    const r = await runScenario(
      `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        const voice = VoiceList.Google.de_DE_Standard_A;
        Logger.write(String(voice));
        e.call.answer();
        e.call.addEventListener(CallEvents.Connected, () => e.call.say('Hallo', { voice }));
        e.call.addEventListener(CallEvents.PlaybackFinished, () => VoxEngine.terminate());
      });`,
    );
    expect(r.logs).toEqual(['undefined']);
    const [warning] = ofKind(r, 'warning');
    expect(warning.topic).toBe('voice:VoiceList.Google.de_DE_Standard_A');
    expect(warning.text).toContain(
      'VoiceList.Google.de_DE_Standard_A is not among the emulated voices (only the Google voices of the locales en_US, en_IN',
    );
    expect(warning.text).toContain('say() with it uses the default voice Amazon.en_US_Joanna');
    expect(ofKind(r, 'heard')[0]).toMatchObject({ item: 'tts', voice: 'Amazon.en_US_Joanna' });
  });

  test('a misspelled Amazon voice is called misspelled; existing voices and non-lookups warn nothing', async () => {
    const r = await run(
      `const v = [VoiceList.Amazon.en_US_Joana, VoiceList.Amazon.en_US_Joanna, VoiceList.Amazon.toJSON, typeof VoiceList.Google.en_US_Standard_A]; Logger.write(String(v[1] !== undefined))`,
    );
    expect(ofKind(r, 'warning').map((w) => w.text)).toEqual([
      'VoiceList.Amazon.en_US_Joana is not a voice or provider of the VoxEngine typings (misspelled?); it reads as undefined here, so say() with it uses the default voice Amazon.en_US_Joanna',
    ]);
  });
});

/**
 * Legacy call forms still found in real scenarios (docs/platform.md#legacy-forms):
 * each one works, and the trace notes the choice once per session.
 */
import { CALLER, ofKind, runScenario } from './helpers';

function answered(body: string): string {
  return `
    VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
      const call = e.call;
      call.addEventListener(CallEvents.Connected, () => { ${body} });
      call.answer();
    });`;
}

function notes(run: Awaited<ReturnType<typeof runScenario>>): string[] {
  return ofKind(run, 'note').map((r) => r.topic as string);
}

describe('legacy forms', () => {
  test('say(text, Language.X) and say(text, voice) with the voice passed directly', async () => {
    const run = await runScenario(
      answered(`
        call.say('Hello', Language.US_ENGLISH_FEMALE);
        call.addEventListener(CallEvents.PlaybackFinished, function once() {
          call.removeEventListener(CallEvents.PlaybackFinished, once);
          call.say('Hallo', VoiceList.Amazon.de_DE_Vicki);
          call.addEventListener(CallEvents.PlaybackFinished, () => VoxEngine.terminate());
        });`),
    );
    expect(run.emulator.trace.heardBy(CALLER).map((h) => (h.kind === 'tts' ? `${h.text}/${h.voice}` : h.kind))).toEqual([
      'Hello/Language.US_ENGLISH_FEMALE',
      'Hallo/Amazon.de_DE_Vicki',
    ]);
    expect(notes(run).filter((n) => n === 'sayVoiceArgument')).toHaveLength(1);
  });

  test('say(text, { language }) (the field before `voice`) and the current { voice } form', async () => {
    const run = await runScenario(
      answered(`
        call.say('Uno', { language: VoiceList.Amazon.es_ES_Lucia });
        call.addEventListener(CallEvents.PlaybackFinished, function once() {
          call.removeEventListener(CallEvents.PlaybackFinished, once);
          call.say('Two', { voice: VoiceList.Amazon.Neural.en_GB_Amy });
          call.addEventListener(CallEvents.PlaybackFinished, () => VoxEngine.terminate());
        });`),
    );
    expect(run.emulator.trace.heardBy(CALLER)).toEqual([
      expect.objectContaining({ kind: 'tts', text: 'Uno', voice: 'Amazon.es_ES_Lucia' }),
      expect.objectContaining({ kind: 'tts', text: 'Two', voice: 'Amazon.Neural.en_GB_Amy' }),
    ]);
    expect(notes(run)).toContain('sayLanguageParameter');
  });

  test('startPlayback(url, true) loops until stopPlayback(), which fires no PlaybackFinished', async () => {
    const run = await runScenario(
      answered(`
        call.addEventListener(CallEvents.PlaybackFinished, () => Logger.write('finished'));
        call.addEventListener(CallEvents.PlaybackStarted, () => Logger.write('started'));
        call.startPlayback('https://cdn.test/hold.mp3', true);
        setTimeout(() => { call.stopPlayback(); Logger.write('stopped'); }, 30000);
        setTimeout(() => VoxEngine.terminate(), 31000);`),
    );
    expect(run.logs).toEqual(['started', 'stopped']);
    expect(run.emulator.trace.heardBy(CALLER)).toEqual([expect.objectContaining({ kind: 'url', url: 'https://cdn.test/hold.mp3' })]);
    expect(notes(run)).toContain('startPlaybackBoolean');
  });

  test("request headers as an array of 'Name: value' strings, with new Net.HttpRequestOptions()", async () => {
    const seen: Record<string, string>[] = [];
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => {
        const opts = new Net.HttpRequestOptions();
        opts.method = 'POST';
        opts.headers.push('Content-Type: application/json');
        opts.headers.push('X-Api-Key: k1');
        opts.postData = JSON.stringify({ pin: '1234' });
        Net.httpRequest('http://backend.test/lookup', (res) => {
          Logger.write(res.code + ' ' + res.text + ' ' + (res instanceof Object) + ' ' + Array.isArray(res.headers));
          VoxEngine.terminate();
        }, opts);
      });`,
      {
        call: null,
        options: {
          http: (req) => {
            seen.push(req.headers);
            return { status: 201, body: `${req.method} ${req.body}`, headers: { 'Content-Type': 'text/plain' } };
          },
        },
      },
    );
    expect(run.logs).toEqual(['201 POST {"pin":"1234"} true true']);
    expect(seen[0]).toEqual({ 'Content-Type': 'application/json', 'X-Api-Key': 'k1', 'User-Agent': 'VoxEngine/1.0' });
    expect(notes(run)).toEqual(expect.arrayContaining(['httpHeaderArray', 'httpOptionsConstructor']));
  });

  test('ApplicationStorage.delete is the older name of remove', async () => {
    const run = await runScenario(
      `require(Modules.ApplicationStorage);
      VoxEngine.addEventListener(AppEvents.Started, async () => {
        await ApplicationStorage.put('pin:1', 'x', 60);
        const removed = await ApplicationStorage.delete('pin:1');
        Logger.write(JSON.stringify(removed) + ' ' + (await ApplicationStorage.get('pin:1')));
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    expect(run.logs).toEqual(['{"key":"pin:1","value":"x","expireAt":0} null']);
    expect(notes(run)).toContain('storageDelete');
  });
});

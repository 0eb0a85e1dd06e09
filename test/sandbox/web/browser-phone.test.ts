import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CallResult } from '../../../contract/call-result';
import { digitRunsOf } from '../../../contract/mask-text';
import { verifySignedResult } from '../../../src/backend/results';
import { deploy } from '../../../src/deploy/deploy';
import { connectPlatform } from '../../../src/platform/client';
import { Sandbox } from '../../../src/sandbox';
import { buildLadder } from '../../../src/sandbox/web/ladder/model';
import { makeVoxfiles, TEST_RETRY } from '../../deploy/sandbox-harness';
import { testAccountKey, TLS_DIR, trustTestCa } from '../management-api/harness';

/**
 * The browser phone in Debian's Chromium (playwright-core): calls placed from the page through the
 * sandbox's rules into the compiled masked-call bundle, their far ends driven from the page, the ladder
 * of a finished call against its trace, and no real number anywhere in the page. One browser for the file.
 * `VOXMASK_SCREENSHOTS=1` writes the screenshots into docs/images/ (the README shows them).
 */
const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '../../..');
const BUNDLE = join(ROOT, 'voxfiles/scenarios/src/masked-call.voxengine.js');
const APP = 'voxmask';
const VIRTUAL = '+493025550100';
const COURIER = '+4915112345678';
const CUSTOMER = '+4930123456789';
const PIN = '12345';
const SECRET = 'browser-phone-test-secret';
/** The real numbers, as the digits that must never appear in the page (the last 9 of each). */
const REAL_TAILS = [COURIER, CUSTOMER].map((n) => n.slice(-9));

// CI installs Chromium (.ci/run), so there a missing browser fails the suite; elsewhere the suite is skipped.
const describeWithChromium = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

describeWithChromium('the browser phone', () => {
  let dir: string;
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let untrust: (() => void) | undefined;
  const results: CallResult[] = [];
  const screenshots = process.env.VOXMASK_SCREENSHOTS === '1';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-web-'));
    sandbox = await Sandbox.start({
      dir,
      tlsDir: TLS_DIR,
      accountKey: testAccountKey(),
      onError: () => undefined,
      // Scenario webhooks are verified here, as the demo's receiver does.
      runtime: {
        http: (req) => {
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
          results.push(verifySignedResult({ headers, body: req.body }, { secret: SECRET, nowMs: sandbox.emulator.now() }));
          return { status: 204 };
        },
      },
      // Ten times real time keeps the suite short; nobody's phone decides on its own (the test clicks every
      // decision), so a slow machine cannot turn a late click into the configured behaviour.
      web: { results: () => results, clockRate: 10, decideWithinS: 3600 },
    });
    untrust = trustTestCa(sandbox.host);
    const api = await connectPlatform({ credentialsFile: sandbox.credentialsFile, host: sandbox.host, retry: TEST_RETRY });
    const voxfiles = makeVoxfiles([{ ruleName: 'masked-call', scenarios: ['masked-call'], rulePattern: '.*' }], {
      'masked-call': readFileSync(BUNDLE, 'utf8'),
    });
    await deploy({
      api,
      voxfilesDir: voxfiles.root,
      metadataDir: voxfiles.metadataDir,
      applicationName: APP,
      numbers: [{ number: VIRTUAL }],
      canRentNumbers: true,
      rental: { countryCode: 'DE', phoneCategoryName: 'GEOGRAPHIC', phoneRegionId: 31 },
    });
    voxfiles.cleanup();
    sandbox.setSecret(APP, 'voxmask-webhook-secret', SECRET);
    const order = {
      version: 1,
      orderId: 'A-1042',
      parties: [
        { role: 'courier', phone: COURIER, label: 'Max' },
        { role: 'customer', phone: CUSTOMER },
      ],
    };
    sandbox.storageOf(APP).put(`order:${PIN}`, JSON.stringify(order), 86400);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    await page.goto(sandbox.webLink());
    await page.locator('#caller-party option').first().waitFor({ state: 'attached' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    untrust?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function shoot(name: string): Promise<void> {
    const image = await page.screenshot({ fullPage: true });
    expect(image.length).toBeGreaterThan(1000);
    if (!screenshots) return;
    mkdirSync(join(ROOT, 'docs/images'), { recursive: true });
    writeFileSync(join(ROOT, 'docs/images', name), image);
  }

  /** Waits until the caller's phone shows `text`; on a timeout the error says what the phones showed instead. */
  const callerHears = async (text: string) => {
    try {
      await page.locator('.caller .hears li', { hasText: text }).first().waitFor({ timeout: 20_000 });
    } catch (err) {
      const shown = await page
        .locator('.phones')
        .innerText()
        .catch(() => '(no phones)');
      throw new Error(`the caller never heard "${text}"; the phones showed:\n${shown}\n${(err as Error).message}`);
    }
  };
  const calleeStatus = () => page.locator('#callee-status');

  let bridgedSession = 0;
  let busySession = 0;

  test('a call from the page: PIN on the keypad, answered on the callee phone, bridged, result delivered', async () => {
    await page.selectOption('#caller-party', { label: `courier of A-1042 (Max) +49********678 · PIN ${PIN}` });
    await page.click('#call');
    await callerHears('order number');
    for (const key of PIN) await page.click(`.keypad [data-key="${key}"]`);
    await page.locator('#callee-answer:enabled').waitFor();
    await expect(page.locator('#callee-caller-id').textContent()).resolves.toBe(VIRTUAL);
    await page.click('#callee-answer');
    await page.locator('#caller-status', { hasText: 'talking with +49********789' }).waitFor();
    await page.locator('#callee-status', { hasText: 'talking with +49********678' }).waitFor();
    await expect(page.locator('.callee .hears').textContent()).resolves.toContain('Max is calling about order A-1042');
    await shoot('browser-phone.png');
    await page.click('#hangup');
    await page.locator('#caller-status', { hasText: 'ended' }).waitFor();
    await page.click('#tab-orders');
    await page.locator('table.results .outcome', { hasText: 'connected' }).waitFor();
    expect(results.map((r) => r.outcome)).toEqual(['connected']);
    bridgedSession = results[0].sessionId;
    await shoot('browser-phone-results.png');
    await page.click('#tab-phones');
  });

  test('with the keyboard alone: Enter calls, digits are the PIN, b makes the callee busy, Escape hangs up', async () => {
    await page.evaluate('document.activeElement && document.activeElement.blur()'); // as on a fresh page: nothing focused
    await page.keyboard.press('Enter');
    await page.locator('#caller-status', { hasText: 'connected' }).waitFor(); // the new call is the one shown
    await callerHears('order number');
    // The first key's request is slow on the wire: the digits must still reach the scenario in the order typed.
    let slowed = false;
    await page.route('**/press', async (route) => {
      if (!slowed) {
        slowed = true;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await route.continue();
    });
    for (const key of PIN) await page.keyboard.press(key);
    await calleeStatus().filter({ hasText: 'ringing' }).waitFor();
    await page.unroute('**/press');
    await page.keyboard.press('b');
    await calleeStatus().filter({ hasText: '486' }).waitFor();
    await callerHears('is busy on another call');
    await page.keyboard.press('Escape');
    await page.locator('#caller-status', { hasText: 'ended' }).waitFor();
    await page.click('#tab-orders');
    await page.locator('table.results .outcome', { hasText: 'callee_busy' }).waitFor();
    expect(results.map((r) => r.outcome)).toEqual(['connected', 'callee_busy']);
    busySession = results[1].sessionId;
    await page.click('#tab-phones');
  });

  test('the ladder of a finished call matches its trace, and never shows another session under it', async () => {
    // The call placed last is the one picked: its ladder first.
    await page.click('#tab-calls');
    await page.locator(`#ladder[data-session="${busySession}"] svg .step`).first().waitFor();
    // Picking another session while its ladder is on the way shows no ladder, not the previous one's.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/sessions/${bridgedSession}/ladder.svg`, async (route) => {
      await held;
      await route.continue();
    });
    await page.click(`button.session[data-session="${bridgedSession}"]`);
    await page.locator(`tr.selected button.session[data-session="${bridgedSession}"]`).waitFor();
    expect(await page.locator('#ladder svg .step').count()).toBe(0);
    release();
    await page.locator(`#ladder[data-session="${bridgedSession}"] svg .step`).first().waitFor();
    await page.unroute(`**/sessions/${bridgedSession}/ladder.svg`);
    const shown = await page.$$eval('#ladder svg .step', (steps) =>
      steps.map((s) => [
        s.getAttribute('data-kind'),
        s.getAttribute('data-from'),
        s.getAttribute('data-to'),
        Number(s.getAttribute('data-seq')),
      ]),
    );
    const expected = buildLadder(sandbox.emulator.trace.records, bridgedSession).steps.map((s) => [s.kind, s.from, s.to, s.seq]);
    expect(shown).toEqual(expected);
    expect(shown.map((s) => s[0])).toEqual(
      expect.arrayContaining(['call', 'dtmf', 'tts', 'storage', 'ringing', 'answer', 'bridge', 'hangup', 'webhook']),
    );
    await expect(page.locator('#ladder svg .outcome').textContent()).resolves.toContain('verified result: connected');
    await shoot('browser-phone-ladder.png');
  });

  test('no real number appears anywhere in the page', async () => {
    for (const tab of ['phones', 'calls', 'orders']) {
      await page.click(`#tab-${tab}`);
      if (tab === 'orders') await page.locator('table.orders').waitFor();
      const html = await page.content();
      const text = String(await page.evaluate('document.body.innerText'));
      // Digits joined by anything but a letter or a line break read as one number (contract/mask-text.ts).
      const runs = [...digitRunsOf(html), ...digitRunsOf(text)];
      for (const tail of REAL_TAILS) expect(runs.filter((run) => run.includes(tail))).toEqual([]);
    }
    await expect(page.locator('table.orders').textContent()).resolves.toContain('+49********678');
  });
});

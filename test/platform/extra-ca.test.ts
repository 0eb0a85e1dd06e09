import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaTrustError, caTrusted, ensureCaTrust, extraCaFileFor } from '../../src/platform/extra-ca';

const PEM_A = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
const PEM_B = '-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n';

describe('trusting the sandbox CA', () => {
  let dir: string;
  let sandboxCa: string;
  let corporate: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-ca-'));
    sandboxCa = join(dir, 'cert.pem');
    corporate = join(dir, 'corporate.pem');
    writeFileSync(sandboxCa, PEM_A);
    writeFileSync(corporate, PEM_B);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is trusted when NODE_EXTRA_CA_CERTS names the file or a bundle containing it', () => {
    expect(caTrusted(sandboxCa, {})).toBe(false);
    expect(caTrusted(sandboxCa, { NODE_EXTRA_CA_CERTS: sandboxCa })).toBe(true);
    expect(caTrusted(sandboxCa, { NODE_EXTRA_CA_CERTS: corporate })).toBe(false);
    const bundle = extraCaFileFor(sandboxCa, { NODE_EXTRA_CA_CERTS: corporate });
    expect(caTrusted(sandboxCa, { NODE_EXTRA_CA_CERTS: bundle })).toBe(true);
    expect(readFileSync(bundle, 'utf8')).toBe(`${PEM_B.trimEnd()}\n${PEM_A.trim()}\n`);
    rmSync(bundle);
  });

  it('uses the sandbox file itself when nothing else is trusted', () => {
    expect(extraCaFileFor(sandboxCa, {})).toBe(sandboxCa);
  });

  it('does nothing when already trusted, and refuses to loop in a re-executed child', async () => {
    await expect(ensureCaTrust(sandboxCa, { NODE_EXTRA_CA_CERTS: sandboxCa })).resolves.toBeUndefined();
    await expect(ensureCaTrust(sandboxCa, { VOXMASK_CA_REEXEC: '1' })).rejects.toBeInstanceOf(CaTrustError);
  });
});

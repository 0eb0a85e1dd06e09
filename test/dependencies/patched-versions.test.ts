/**
 * The official client pins axios 0.21.4 and form-data 2.5.1, both with published advisories; package.json's
 * `overrides` lift them (README, "Dependencies"). This checks what npm actually resolved, so a lock file
 * regenerated without the overrides fails here instead of shipping the vulnerable versions again.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Lowest versions that carry every fix of the advisories named in the README's dependency table. */
const PATCHED: Record<string, string> = {
  axios: '1.18.1', // CVE-2025-27152, CVE-2025-58754, CVE-2026-25639, CVE-2026-42033/42039/42043, CVE-2026-67312
  'form-data': '4.0.4', // CVE-2025-7783
};

function resolvedVersion(pkg: string): string {
  const clientDir = dirname(require.resolve('@voximplant/apiclient-nodejs/package.json'));
  const manifest = require.resolve(`${pkg}/package.json`, { paths: [clientDir] });
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function atLeast(version: string, floor: string): boolean {
  const [a, b] = [version, floor].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

describe('dependencies the official client loads', () => {
  it.each(Object.entries(PATCHED))('%s resolves to a patched version (at least %s)', (pkg, floor) => {
    const version = resolvedVersion(pkg);
    expect({ pkg, version, patched: atLeast(version, floor) }).toEqual({ pkg, version, patched: true });
  });

  it('the overrides are declared in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { overrides: Record<string, string> };
    for (const pkg of Object.keys(PATCHED)) expect(atLeast(manifest.overrides[pkg], PATCHED[pkg])).toBe(true);
  });
});

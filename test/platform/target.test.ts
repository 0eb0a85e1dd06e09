import { join, resolve } from 'node:path';
import { deployConfigSchema } from '../../src/config/deploy';
import { chooseTarget } from '../../src/platform/target';
import { TLS_DIR } from '../deploy/sandbox-harness';

describe('chooseTarget', () => {
  // The shared test certificate folder, so choosing the sandbox target creates nothing new.
  const sandboxDir = resolve(TLS_DIR, '..');

  it('defaults to the sandbox, keeping its metadata beside the sandbox state', () => {
    const choice = chooseTarget(deployConfigSchema.parse({ sandboxDir }));
    expect(choice).toEqual({
      kind: 'sandbox',
      sandboxDir,
      caCertFile: join(TLS_DIR, 'cert.pem'),
      metadataDir: join(sandboxDir, '.voxengine-ci'),
    });
  });

  it('switches to the real account with --credentials, metadata in voxfiles/.voxengine-ci', () => {
    expect(chooseTarget(deployConfigSchema.parse({ sandboxDir, voxfilesDir: 'vf' }), 'key.json')).toEqual({
      kind: 'account',
      metadataDir: resolve('vf', '.voxengine-ci'),
    });
  });

  it('honours an explicit metadataDir', () => {
    expect(chooseTarget(deployConfigSchema.parse({ target: 'account', metadataDir: 'meta' })).metadataDir).toBe(resolve('meta'));
  });
});

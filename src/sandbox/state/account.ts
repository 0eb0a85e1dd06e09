import { createPrivateKey, createPublicKey, generateKeyPairSync, randomInt, randomUUID, KeyObject } from 'node:crypto';
import { AccountRecord } from './model';

/** Account name of every sandbox account; application full names end in `.voxmask-sandbox.voximplant.com`. */
export const SANDBOX_ACCOUNT_NAME = 'voxmask-sandbox';

/** Bits of a service-account RSA key: jsonwebtoken refuses smaller RSA keys for RS256 (docs/platform.md#credentials-file). */
export const ACCOUNT_KEY_BITS = 2048;

/**
 * A new sandbox account. Its service-account key is `privateKeyPem` when given (checked by
 * accountKeyProblem first), else a fresh RSA ACCOUNT_KEY_BITS key: generating one costs 0.1–0.5 s of CPU,
 * which a test suite that opens a hundred sandboxes pays a hundred times. The account id is a random
 * 7-digit number, the key id a UUID, new for every account even when the key is shared.
 */
export function createAccount(nowMs: number, privateKeyPem?: string): AccountRecord {
  const privateKey = privateKeyPem
    ? createPrivateKey(privateKeyPem)
    : generateKeyPairSync('rsa', { modulusLength: ACCOUNT_KEY_BITS }).privateKey;
  return {
    accountId: randomInt(1_000_000, 10_000_000),
    accountName: SANDBOX_ACCOUNT_NAME,
    accountEmail: `${SANDBOX_ACCOUNT_NAME}@voxmask.invalid`,
    createdMs: nowMs,
    keyId: randomUUID(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * Why `pem` cannot be a sandbox account's service-account key, or undefined when it can: it must be a
 * private key in PEM (PKCS#8 or PKCS#1) of type RSA with at least ACCOUNT_KEY_BITS bits, as the
 * platform issues them (docs/platform.md#credentials-file).
 */
export function accountKeyProblem(pem: unknown): string | undefined {
  if (typeof pem !== 'string') return `must be a PEM private key, got ${typeof pem}`;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return 'is not a private key in PEM';
  }
  if (key.asymmetricKeyType !== 'rsa') return `is an ${String(key.asymmetricKeyType).toUpperCase()} key; service-account keys are RSA`;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < ACCOUNT_KEY_BITS) return `is an RSA key of ${bits} bits; at least ${ACCOUNT_KEY_BITS} are needed for RS256`;
  return undefined;
}

/**
 * The service-account credentials file, in the control panel's flat format that
 * `@voximplant/apiclient-nodejs` reads (docs/platform.md#credentials-file):
 * `{account_email, account_id, key_id, private_key}`.
 */
export function credentialsJson(account: AccountRecord): string {
  const file = {
    account_email: account.accountEmail,
    account_id: account.accountId,
    key_id: account.keyId,
    private_key: account.privateKeyPem,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The public key that verifies the account's JWTs. */
export function accountPublicKey(account: AccountRecord): KeyObject {
  return createPublicKey(account.privateKeyPem);
}

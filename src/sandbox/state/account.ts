import { createPrivateKey, createPublicKey, generateKeyPairSync, randomInt, randomUUID, KeyObject } from 'node:crypto';
import { MIN_RSA_BITS } from '../../platform/credentials';
import { AccountRecord } from './model';

/** Account name of every sandbox account; application full names end in `.voxmask-sandbox.voximplant.com`. */
export const SANDBOX_ACCOUNT_NAME = 'voxmask-sandbox';

/**
 * A new sandbox account. Its service-account key is `privateKeyPem` when given (checked by
 * platform/credentials.ts privateKeyProblem first), else a fresh RSA key of MIN_RSA_BITS bits:
 * generating one costs 0.1–0.5 s of CPU, which a test suite that opens a hundred sandboxes pays a
 * hundred times. The account id is a random
 * 7-digit number, the key id a UUID, new for every account even when the key is shared.
 */
export function createAccount(nowMs: number, privateKeyPem?: string): AccountRecord {
  const privateKey = privateKeyPem
    ? createPrivateKey(privateKeyPem)
    : generateKeyPairSync('rsa', { modulusLength: MIN_RSA_BITS }).privateKey;
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

import { createPublicKey, generateKeyPairSync, randomInt, randomUUID, KeyObject } from 'node:crypto';
import { AccountRecord } from './model';

/** Account name of every sandbox account; application full names end in `.voxmask-sandbox.voximplant.com`. */
export const SANDBOX_ACCOUNT_NAME = 'voxmask-sandbox';

/**
 * A new sandbox account with a fresh RSA 2048 service-account key (jsonwebtoken refuses smaller RSA keys
 * for RS256, docs/platform.md#credentials-file). The account id is a random 7-digit number, the key id a UUID.
 */
export function createAccount(nowMs: number): AccountRecord {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
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

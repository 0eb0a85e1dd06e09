import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CredentialsError } from './errors';

/**
 * A Voximplant service-account key as the control panel exports it (Service accounts → Generate key)
 * and as `CreateKey` returns it: flat JSON (docs/platform.md#credentials-file).
 */
export interface ServiceAccountKey {
  account_email?: string;
  /** Signed into the JWT as `iss`; must be a JSON number, not a string. */
  account_id: number;
  /** Sent as the JWT header's `kid`. */
  key_id: string;
  /** RSA private key in PEM (PKCS#1 or PKCS#8), at least 2048 bits: jsonwebtoken refuses smaller or EC keys (docs/platform.md#credentials-file). */
  private_key: string;
}

/** The environment variable the official client reads first; it wins over the path it is given (docs/platform.md#client-ready). */
export const CLIENT_CREDENTIALS_ENV = 'VOXIMPLANT_CREDENTIALS';

/**
 * Decides which credentials file the official client will really read. The client prefers
 * `VOXIMPLANT_CREDENTIALS` over its argument (docs/platform.md#client-ready), so a different file named
 * explicitly would be silently ignored: that case is an error instead.
 *
 * @param requested the file named by the caller (`--credentials`, config), or undefined
 * @param env the environment to consult (default `process.env`)
 * @returns an absolute path
 * @throws CredentialsError when neither is given, or both are given and differ
 */
export function resolveCredentialsFile(requested: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[CLIENT_CREDENTIALS_ENV];
  if (fromEnv && requested && resolve(fromEnv) !== resolve(requested)) {
    throw new CredentialsError(
      resolve(requested),
      `${CLIENT_CREDENTIALS_ENV} is set to ${resolve(fromEnv)}, and the official client would read that file instead; unset it or name the same file`,
    );
  }
  const file = requested ?? fromEnv;
  if (!file) throw new CredentialsError('(none)', `no credentials file given: pass --credentials FILE or set ${CLIENT_CREDENTIALS_ENV}`);
  return resolve(file);
}

/** Each field check returns a problem in words, or undefined when the field is fine. */
const FIELD_CHECKS: Record<keyof ServiceAccountKey, (value: unknown) => string | undefined> = {
  account_email: (v) => (v === undefined || typeof v === 'string' ? undefined : 'must be a string when present'),
  account_id: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v > 0
      ? undefined
      : typeof v === 'string'
        ? 'must be a JSON number, not a string (it is signed into the token as a number)'
        : 'is missing or not a positive integer',
  key_id: (v) => (typeof v === 'string' && v.trim().length > 0 ? undefined : 'is missing or empty'),
  private_key: privateKeyProblem,
};

/** Bits an RSA service-account key needs at least: jsonwebtoken refuses smaller RSA keys for RS256 (docs/platform.md#credentials-file). */
export const MIN_RSA_BITS = 2048;

/**
 * Why `value` cannot be a service-account private key, or undefined when it can: a PEM private key
 * (PKCS#8 or PKCS#1) of type RSA with at least MIN_RSA_BITS bits (docs/platform.md#credentials-file).
 * Checks a credentials file's `private_key` and the key a sandbox account is given (SandboxOptions.accountKey).
 */
export function privateKeyProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.includes('-----BEGIN')) return 'is missing or not a PEM private key';
  let key;
  try {
    key = createPrivateKey(value);
  } catch (err) {
    return `is not a readable private key (${(err as Error).message})`;
  }
  if (key.asymmetricKeyType !== 'rsa') return `is a ${key.asymmetricKeyType ?? 'non-RSA'} key; RS256 needs an RSA key`;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) return `is a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required`;
  return undefined;
}

/**
 * Parses and validates the text of a credentials file. Every bad field is named in one error.
 * @throws CredentialsError naming `file` and each problem
 */
export function parseCredentials(text: string, file: string): ServiceAccountKey {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CredentialsError(file, `is not valid JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CredentialsError(file, 'must hold a JSON object with account_id, key_id and private_key');
  }
  const record = raw as Record<string, unknown>;
  if (!('private_key' in record) && typeof record.result === 'object' && record.result !== null) {
    throw new CredentialsError(
      file,
      'is in the {"result": {...}} form (Go client / raw CreateKey answer); the Node client needs the inner object',
    );
  }
  const problems = (Object.keys(FIELD_CHECKS) as (keyof ServiceAccountKey)[])
    .map((field) => {
      const problem = FIELD_CHECKS[field](record[field]);
      return problem ? `${field} ${problem}` : undefined;
    })
    .filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new CredentialsError(file, problems.join('; '));
  return record as unknown as ServiceAccountKey;
}

/**
 * Reads and validates a service-account credentials file before the official client touches it:
 * the client throws inside `fs.readFile`'s callback on a missing file or bad JSON, which would be an
 * uncaught exception (docs/platform.md#client-ready).
 * @param file path to the JSON key (absolute or relative to the working directory)
 * @throws CredentialsError naming the file and the problem
 */
export function loadCredentials(file: string): ServiceAccountKey {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CredentialsError(path, code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (err as Error).message})`);
  }
  return parseCredentials(text, path);
}

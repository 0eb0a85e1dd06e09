/**
 * ApplicationStorage (docs/platform.md#kv-api), installed by `require(Modules.ApplicationStorage)`,
 * backed by the application's KeyValueStore (src/sandbox/kv-store.ts: the same store the Management API
 * emulator uses). Every operation completes STORAGE_LATENCY_MS later on the virtual clock (inferred) and is
 * applied to the store at completion. Errors reject the promise with an Error carrying `code` and
 * `field` (the real error shape is undocumented (inferred)). `get` of a missing key resolves null; `remove`
 * resolves `{ key, expireAt: 0 }` (plus `value` when the key existed) "always returns zero ttl";
 * `delete` is the older name of `remove` (legacy form); `keys(pattern, count = 1000)` matches keys that begin
 * with `pattern` (inferred). Injected faults: 'reject' fails the operation, 'slow' delays it.
 */
import { KeyValueError, KV_DEFAULT_TTL_S, type StoredItem } from '../../kv-store';
import { STORAGE_LATENCY_MS, STORAGE_SLOW_DEFAULT_MS } from '../constants';
import type { Session } from '../session/session';
import { takeFault } from '../session/services';
import type { StorageFault } from '../types';
import type { AsyncHostFn, NamespaceDesc } from './bridge';

/** A storage failure as the scenario sees it. */
class StorageError extends Error {
  constructor(
    message: string,
    readonly code: number | string,
    readonly field?: string,
  ) {
    super(message);
  }
}

type Op = StorageFault['op'];

interface Operation {
  op: Op;
  key: string | undefined;
  /** Applies the operation to the store; returns the value to resolve with and trace fields. */
  apply(): { value: unknown; fields: Record<string, unknown> };
}

function runOperation(
  session: Session,
  operation: Operation,
  resolve: (v: unknown) => void,
  reject: (e: unknown) => void,
  label: string,
): void {
  const fault = takeFault(session.services.faults.storage, (f) => {
    if (f.op !== operation.op) return false;
    if (f.sessionId !== undefined && f.sessionId !== session.id) return false;
    return !f.keyPrefix || (operation.key ?? '').startsWith(f.keyPrefix);
  });
  const delay = fault?.kind === 'slow' ? (fault.delayMs ?? STORAGE_SLOW_DEFAULT_MS) : STORAGE_LATENCY_MS;
  session.note(
    'storageTiming',
    `ApplicationStorage operations complete ${STORAGE_LATENCY_MS} ms later and apply to the store then; errors reject with an Error carrying code and field [I]`,
  );
  session.schedule(delay, () => {
    const base = { op: operation.op, ...(operation.key !== undefined ? { key: operation.key } : {}) };
    if (fault?.kind === 'reject') {
      session.trace('storage', { ...base, ok: false, error: 'injected fault', fault: 'reject' });
      session.invoke(reject, [new StorageError(`${label} failed (injected fault)`, 'FAULT')], label);
      return;
    }
    let outcome: { value: unknown; fields: Record<string, unknown> };
    try {
      outcome = operation.apply();
    } catch (error) {
      const e =
        error instanceof KeyValueError
          ? new StorageError(`${label}: ${error.message}`, error.code, error.field)
          : new StorageError(`${label}: ${String(error)}`, 'ERROR');
      session.trace('storage', { ...base, ok: false, error: e.message });
      session.invoke(reject, [e], label);
      return;
    }
    session.trace('storage', { ...base, ok: true, ...(fault ? { fault: 'slow' } : {}), ...outcome.fields });
    session.invoke(resolve, [outcome.value], label);
  });
}

function keyArg(label: string, key: unknown): string {
  if (typeof key !== 'string') throw new TypeError(`${label}: key must be a string, got ${typeof key}`);
  return key;
}

function item(stored: StoredItem): Record<string, unknown> {
  return { key: stored.key, value: stored.value, expireAt: stored.expireAt };
}

/** Builds the ApplicationStorage namespace bound to `session`. */
export function storageNamespace(session: Session): NamespaceDesc {
  const store = session.app.storage;
  const op =
    (label: string, build: (args: ArrayLike<unknown>) => Operation): AsyncHostFn =>
    (args, resolve, reject) =>
      runOperation(session, build(args), resolve, reject, label);
  const remove = (label: string) =>
    op(label, (args) => {
      const key = keyArg(label, args[0]);
      return {
        op: 'remove',
        key,
        apply: () => {
          const existing = store.get(key);
          store.remove(key);
          return {
            value: existing ? { key, value: existing.value, expireAt: 0 } : { key, expireAt: 0 },
            fields: { found: existing !== null },
          };
        },
      };
    });
  const legacyDelete = remove('ApplicationStorage.delete');
  return {
    label: 'ApplicationStorage',
    async: {
      get: op('ApplicationStorage.get', (args) => {
        const key = keyArg('ApplicationStorage.get', args[0]);
        return {
          op: 'get',
          key,
          apply: () => {
            const stored = store.get(key);
            return { value: stored ? item(stored) : null, fields: stored ? { found: true, value: stored.value } : { found: false } };
          },
        };
      }),
      put: op('ApplicationStorage.put', (args) => {
        const key = keyArg('ApplicationStorage.put', args[0]);
        const value = args[1];
        const ttl = args[2];
        if (ttl === undefined)
          session.note(
            'storageDefaultTtl',
            `ApplicationStorage.put without ttl uses the Management API default of ${KV_DEFAULT_TTL_S} s (30 days) [I]`,
          );
        if (typeof value !== 'string')
          session.note(
            'storageNonString',
            'ApplicationStorage.put stores a non-string value as String(value), as the official guide does with numbers [I]',
          );
        return {
          op: 'put',
          key,
          apply: () => {
            // KeyValueStore.put applies the default TTL itself and refuses a non-number one (KeyValueError 'ttl').
            const stored = store.put(key, value, ttl as number | undefined);
            return { value: item(stored), fields: { value: stored.value, expireAt: stored.expireAt } };
          },
        };
      }),
      remove: remove('ApplicationStorage.remove'),
      delete: (args, resolve, reject) => {
        session.note('storageDelete', 'ApplicationStorage.delete is accepted as the older name of remove [L]');
        legacyDelete(args, resolve, reject);
      },
      keys: op('ApplicationStorage.keys', (args) => {
        const pattern = args[0] === undefined || args[0] === null ? '' : args[0];
        const count = args[1] === undefined ? 1000 : args[1];
        if (typeof pattern !== 'string') throw new TypeError('ApplicationStorage.keys: pattern must be a string');
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
          throw new TypeError('ApplicationStorage.keys: count must be a positive integer');
        return {
          op: 'keys',
          key: pattern,
          apply: () => {
            const page = store.list(pattern, 0, count);
            return { value: { keys: page.items.map((i) => i.key) }, fields: { count: page.items.length } };
          },
        };
      }),
    },
  };
}

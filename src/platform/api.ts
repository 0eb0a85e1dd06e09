import type VoximplantApiClient from '@voximplant/apiclient-nodejs';
import { invokeWithRetry } from './invoke';
import { KeyValueItem, KeyValueKey, KeyValuePage, KV_LISTING_METHODS, mapKeyValuePage } from './kv-listing';
import { CLIENT_METHODS, ClientMethodName, RequestOf, ResponseOf } from './methods';
import { postPlatformForm } from './raw-request';
import { prepareRequest, RequestValue } from './request';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from './retry';

/** The part of the official client PlatformApi uses: its method namespaces and its JWT signer. */
export type PlatformClient = Pick<
  VoximplantApiClient,
  'Accounts' | 'Applications' | 'Scenarios' | 'Rules' | 'PhoneNumbers' | 'KeyValueStorage' | 'generateAuthHeader'
>;

/** Sends one raw Management API request (see raw-request.ts); injectable for tests. */
export type RawPost = (
  host: string,
  authorization: string,
  cmd: string,
  params: Record<string, string | number>,
  timeoutMs: number,
) => Promise<unknown>;

/**
 * The Management API host of a real account (docs/platform.md#mapi-endpoint). Here, not in client.ts,
 * so that the configuration can name it without loading the official client (axios and its
 * dependencies, ~0.2 s at every CLI start).
 */
export const DEFAULT_API_HOST = 'api.voximplant.com';

/** Options of a PlatformApi. Everything but `client` and `host` has a default. */
export interface PlatformApiOptions {
  client: PlatformClient;
  /** The client's host, e.g. `api.voximplant.com` or `localhost:8443`; used by the KV listing adapter. */
  host: string;
  retry?: RetryPolicy;
  /** Per-attempt timeout in ms (default 30 000). */
  timeoutMs?: number;
  rawPost?: RawPost;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told about each retry (e.g. for a verbose log). */
  onRetry?: (info: { method: string; attempt: number; error: Error; delayMs: number }) => void;
}

/** Request of the two listing methods (same fields as the client's GetKeyValueItems/Keys requests). */
export interface KeyValueListRequest {
  applicationId: number;
  /** Key prefix ("keys that begin with a pattern", docs/platform.md#kv-keys); required by GetKeyValueItems. */
  key?: string;
  /** Page size, at most 50 (default 10 on the platform). */
  count?: number;
  offset?: number;
}

/** Counters since the PlatformApi was created. */
export interface PlatformApiStats {
  /** Attempts sent, including retries. */
  requests: number;
  retries: number;
  /** Attempts per method name. */
  byMethod: Record<string, number>;
}

const KV_LISTING_FIELDS: Record<keyof KeyValueListRequest, string> = {
  applicationId: 'application_id',
  key: 'key',
  count: 'count',
  offset: 'offset',
};

/**
 * The thin wrapper over @voximplant/apiclient-nodejs every voxmask module uses:
 * `call(method, request)` prepares the request (prepareRequest), sends it through the official client
 * with retries (invokeWithRetry), and throws typed errors instead of resolving `{error}`.
 * GetKeyValueItems/Keys go through the one documented adapter (kv-listing.ts).
 * Create it with `connectPlatform` (client.ts) unless you bring your own client.
 */
export class PlatformApi {
  readonly host: string;
  private readonly client: PlatformClient;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly rawPost: RawPost;
  private readonly counters: PlatformApiStats = { requests: 0, retries: 0, byMethod: {} };

  constructor(private readonly options: PlatformApiOptions) {
    this.client = options.client;
    this.host = options.host;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.rawPost = options.rawPost ?? postPlatformForm;
  }

  /**
   * Calls one Management API method through the official client.
   * @param method the `cmd`, e.g. `GetRules`
   * @param request the client's request object (camelCase); arrays, booleans and undefined keys are fine
   * @throws PlatformApiError (API error or non-2xx), PlatformTransportError, PlatformRequestError
   */
  async call<M extends ClientMethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
    const entry = CLIENT_METHODS[method];
    const prepared = prepareRequest(method, request as unknown as Record<string, RequestValue>);
    const fn = entry.pick(this.client as VoximplantApiClient) as unknown as (r: unknown) => Promise<ResponseOf<M>>;
    return this.invoke(method, entry.idempotent, () => fn(prepared));
  }

  /** GetKeyValueItems through the adapter: items whose key begins with `key`, one page. */
  listKeyValueItems(request: KeyValueListRequest & { key: string }): Promise<KeyValuePage<KeyValueItem>> {
    return this.listKeyValue('GetKeyValueItems', request);
  }

  /** GetKeyValueKeys through the adapter: keys (with expiry) that begin with `key`, one page. */
  listKeyValueKeys(request: KeyValueListRequest): Promise<KeyValuePage<KeyValueKey>> {
    return this.listKeyValue('GetKeyValueKeys', request);
  }

  /** A copy of the counters. */
  stats(): PlatformApiStats {
    return { ...this.counters, byMethod: { ...this.counters.byMethod } };
  }

  private async listKeyValue<M extends keyof typeof KV_LISTING_METHODS>(method: M, request: KeyValueListRequest) {
    const params: Record<string, string | number> = {};
    for (const [field, value] of Object.entries(prepareRequest(method, request as unknown as Record<string, RequestValue>))) {
      params[KV_LISTING_FIELDS[field as keyof KeyValueListRequest] ?? field] = value as string | number;
    }
    const body = await this.invoke(method, true, () =>
      this.rawPost(this.host, this.client.generateAuthHeader(), method, params, this.timeoutMs),
    );
    return mapKeyValuePage(method, body);
  }

  private invoke<T>(method: string, idempotent: boolean, send: () => Promise<T>): Promise<T> {
    return invokeWithRetry(
      method,
      () => {
        this.counters.requests += 1;
        this.counters.byMethod[method] = (this.counters.byMethod[method] ?? 0) + 1;
        return send();
      },
      {
        policy: this.retry,
        idempotent,
        timeoutMs: this.timeoutMs,
        sleep: this.options.sleep,
        random: this.options.random,
        onRetry: (info) => {
          this.counters.retries += 1;
          this.options.onRetry?.(info);
        },
      },
    );
  }
}

/**
 * Remembers result ids already accepted, so a retried, replayed or dead-lettered delivery of the same
 * result is acknowledged without being processed twice. The ids live in a ReplayStore: in memory by
 * default (one process), in a file (FileReplayStore, shared by processes on one machine) or in the
 * backend's database (implement ReplayStore over a table with a unique key on resultId).
 *
 * Retention: a result can come back as long as its dead letter lives (results.deadLetterTtlS, 7 days
 * by default, at most the platform's 90-day TTL), so ids are kept DEFAULT_REPLAY_RETENTION_S =
 * 7,779,600 s (90 days + 1 hour for the delivery window and clock skew) by default. See docs/results.md.
 */
import { SIGNATURE_TOLERANCE_S } from '../../../contract/signature';
import { KV_MAX_TTL_S } from '../../../contract/storage-limits';
import { ResultVerifierOptionError } from './errors';

/** Default retention of admitted ids, in seconds: 90 days (longest dead-letter TTL) + 1 hour. */
export const DEFAULT_REPLAY_RETENTION_S = KV_MAX_TTL_S + 3600;
/** Default lease of a claim, in seconds: a drain whose handler has not answered in this time is taken to have died, and the result may be claimed again. */
export const DEFAULT_CLAIM_LEASE_S = 600;

/** `claimed`: the caller now holds the id and must settle or release it; `pending`: someone else holds it; `done`: already processed. */
export type ReplayClaim = 'claimed' | 'pending' | 'done';

/** How long entries count, in ms, for one claim. */
export interface ReplayRules {
  /** An entry (pending or done) older than this is forgotten. */
  retentionMs: number;
  /** A pending entry older than this may be claimed again (its holder is taken to have died). */
  leaseMs: number;
}

/**
 * Where a ResultReplayGuard keeps ids. Every method may be synchronous or return a Promise; `claim`
 * must be atomic per id among everyone sharing the store (in SQL: INSERT … ON CONFLICT, or a
 * transaction). Times are epoch ms of the caller's clock.
 */
export interface ReplayStore {
  /**
   * Takes `resultId` as pending at `nowMs` when it has no live entry, or only a pending one older than
   * the lease, and answers `claimed`; otherwise answers the live entry's state.
   */
  claim(resultId: string, nowMs: number, rules: ReplayRules): ReplayClaim | Promise<ReplayClaim>;
  /** Marks a claimed id done at `nowMs` (it then lives `retentionMs` from now). */
  settle(resultId: string, nowMs: number): void | Promise<void>;
  /** Drops a pending claim (its handler failed), so the result can be claimed again. */
  release(resultId: string): void | Promise<void>;
}

interface Entry {
  state: 'pending' | 'done';
  atMs: number;
}

/** The in-memory store: one process, lost on restart. Entries are kept in time order, so expired ones are swept from the front. */
export class MemoryReplayStore implements ReplayStore {
  private readonly entries = new Map<string, Entry>();

  claim(resultId: string, nowMs: number, rules: ReplayRules): ReplayClaim {
    for (const [id, entry] of this.entries) {
      if (nowMs - entry.atMs <= rules.retentionMs) break;
      this.entries.delete(id);
    }
    const entry = this.entries.get(resultId);
    if (entry && (entry.state === 'done' || nowMs - entry.atMs <= rules.leaseMs)) return entry.state;
    this.put(resultId, { state: 'pending', atMs: nowMs });
    return 'claimed';
  }

  settle(resultId: string, nowMs: number): void {
    this.put(resultId, { state: 'done', atMs: nowMs });
  }

  release(resultId: string): void {
    if (this.entries.get(resultId)?.state === 'pending') this.entries.delete(resultId);
  }

  /** Re-inserting keeps the map in time order (times do not go backwards). */
  private put(resultId: string, entry: Entry): void {
    this.entries.delete(resultId);
    this.entries.set(resultId, entry);
  }
}

/** Options of a ResultReplayGuard. */
export interface ReplayGuardOptions {
  /** Where ids are kept (default a new MemoryReplayStore). */
  store?: ReplayStore;
  /** How long an admitted id is remembered, in seconds (default DEFAULT_REPLAY_RETENTION_S); a finite number > 0. */
  retentionS?: number;
  /** How long a claim is held before another drain may take it, in seconds (default DEFAULT_CLAIM_LEASE_S); finite, > 0. */
  leaseS?: number;
}

export class ResultReplayGuard {
  readonly store: ReplayStore;
  /** Retention of admitted ids, seconds. */
  readonly retentionS: number;
  /** Lease of a claim, seconds. */
  readonly leaseS: number;

  /**
   * @param options a ReplayGuardOptions, or (the earlier form) the retention in ms as a number
   * @throws ResultVerifierOptionError for a retention or lease that is not a finite number > 0
   */
  constructor(options: ReplayGuardOptions | number = {}) {
    const opts: ReplayGuardOptions = typeof options === 'number' ? { retentionS: options / 1000 } : options;
    this.store = opts.store ?? new MemoryReplayStore();
    this.retentionS = positiveSeconds('retentionS', opts.retentionS ?? DEFAULT_REPLAY_RETENTION_S);
    this.leaseS = positiveSeconds('leaseS', opts.leaseS ?? DEFAULT_CLAIM_LEASE_S);
  }

  /** Oldest dead letter (signature age, s) this guard can de-duplicate: its retention less the clock tolerance. */
  get maxDeadLetterAgeS(): number {
    return Math.max(1, this.retentionS - SIGNATURE_TOLERANCE_S);
  }

  /**
   * 'new' the first time `resultId` is offered within the retention, 'duplicate' afterwards (also while
   * another caller holds a claim on it). Processing is taken as done at once. `nowMs` epoch ms, not going
   * backwards between calls. Synchronous, for synchronous stores (memory, file).
   * @throws TypeError when the store is asynchronous (use admitAsync)
   */
  admit(resultId: string, nowMs: number): 'new' | 'duplicate' {
    const claim = this.store.claim(resultId, nowMs, this.rules());
    if (claim instanceof Promise)
      throw new TypeError('ResultReplayGuard.admit: this store answers asynchronously; use await guard.admitAsync()');
    if (claim !== 'claimed') return 'duplicate';
    const settled = this.store.settle(resultId, nowMs);
    if (settled instanceof Promise)
      throw new TypeError('ResultReplayGuard.admit: this store answers asynchronously; use await guard.admitAsync()');
    return 'new';
  }

  /** admit() for any store. */
  async admitAsync(resultId: string, nowMs: number): Promise<'new' | 'duplicate'> {
    if ((await this.store.claim(resultId, nowMs, this.rules())) !== 'claimed') return 'duplicate';
    await this.store.settle(resultId, nowMs);
    return 'new';
  }

  /**
   * Two-phase admission for a handler that may fail (collectDeadLetters): `claimed` → process, then
   * complete() or, on failure, release(); `pending` → someone else is processing it; `done` → processed.
   */
  async claim(resultId: string, nowMs: number): Promise<ReplayClaim> {
    return this.store.claim(resultId, nowMs, this.rules());
  }

  /** The claimed result was processed. */
  async complete(resultId: string, nowMs: number): Promise<void> {
    await this.store.settle(resultId, nowMs);
  }

  /** The claimed result could not be processed: it may be claimed again. */
  async release(resultId: string): Promise<void> {
    await this.store.release(resultId);
  }

  private rules(): ReplayRules {
    return { retentionMs: this.retentionS * 1000, leaseMs: this.leaseS * 1000 };
  }
}

function positiveSeconds(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new ResultVerifierOptionError(option, `must be a finite number of seconds > 0, got ${String(value)}`);
  return value;
}

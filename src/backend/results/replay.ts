/**
 * Remembers result ids already accepted, so a retried or replayed delivery is acknowledged without
 * being processed twice. Entries are kept for twice the signature tolerance (a replay outside that is
 * refused by the timestamp check anyway). In-memory: a backend with several instances should keep the
 * same set in its database (unique key on resultId).
 */
import { SIGNATURE_TOLERANCE_S } from '../../../contract/signature';

export class ResultReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly keepMs: number = 2 * SIGNATURE_TOLERANCE_S * 1000) {}

  /**
   * 'new' the first time `resultId` is offered within the window, 'duplicate' afterwards. `nowMs` epoch
   * ms, not going backwards between calls. The map keeps admission order, so expired ids are swept from
   * its front and the sweep stops at the first id still inside the window (no full scan per request).
   */
  admit(resultId: string, nowMs: number): 'new' | 'duplicate' {
    for (const [id, at] of this.seen) {
      if (nowMs - at <= this.keepMs) break;
      this.seen.delete(id);
    }
    if (this.seen.has(resultId)) return 'duplicate';
    this.seen.set(resultId, nowMs);
    return 'new';
  }
}

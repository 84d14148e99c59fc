// Interactions a guild has taken. The inbox's seen_events is bounded by count (a busy guild turns it over in
// minutes), so `/ask` ids are kept here by time instead: at least as long as the Worker accepts a signature
// (a replay has to carry the original timestamp), so a replayed `/ask` is never handled twice.

import { SIGNATURE_WINDOW_SECONDS } from '../discord/verify-interaction';

/** Twice the signature window (a timestamp may be that far either side of now) with a margin. */
export const ASK_INTERACTION_RETENTION_MS = 3 * SIGNATURE_WINDOW_SECONDS * 1000;

export class AskReplays {
  constructor(private readonly storage: DurableObjectStorage) {}

  /** Records the interaction; false when it was taken before (a replay). */
  claim(interactionId: string, now = Date.now()): boolean {
    const sql = this.storage.sql;
    if (sql.exec('SELECT 1 FROM ask_interactions WHERE interaction_id = ?', interactionId).toArray().length > 0) return false;
    sql.exec('INSERT INTO ask_interactions (interaction_id, at) VALUES (?, ?)', interactionId, now);
    return true;
  }

  prune(now = Date.now()): void {
    this.storage.sql.exec('DELETE FROM ask_interactions WHERE at < ?', now - ASK_INTERACTION_RETENTION_MS);
  }
}

// Retention for one guild: what the hourly cleanup timer removes, and whether anything is left that expires
// by age (then the timer keeps re-arming itself, so an idle guild's old data still goes on time).

export interface Prunable {
  prune(): void;
}

export class Retention {
  constructor(
    private readonly storage: DurableObjectStorage,
    /** Every part that keeps bounded state (conversations, moderation log, inbox dedupe, proactive posts, escalations, pending replies, member limits, /ask replays, live tickets). */
    private readonly parts: readonly Prunable[],
  ) {}

  run(): void {
    for (const part of this.parts) part.prune();
  }

  /** Whether the guild keeps rows that retention removes by age (count-bounded tables do not need the timer). */
  hasExpiringState(): boolean {
    const row = this.storage.sql
      .exec<{ any: number }>(
        `SELECT EXISTS (SELECT 1 FROM exchanges) OR EXISTS (SELECT 1 FROM channel_buffer) OR EXISTS (SELECT 1 FROM recent_messages)
           OR EXISTS (SELECT 1 FROM moderation_log) OR EXISTS (SELECT 1 FROM escalations) OR EXISTS (SELECT 1 FROM pending_replies)
           OR EXISTS (SELECT 1 FROM member_answers) OR EXISTS (SELECT 1 FROM ask_interactions) OR EXISTS (SELECT 1 FROM live_tickets)
           OR EXISTS (SELECT 1 FROM escalation_log) AS any`,
      )
      .one();
    return row.any === 1;
  }
}

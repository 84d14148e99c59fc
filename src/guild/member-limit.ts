// The per-member answer cap (settings.memberAnswersPerHour) for one guild: each answer a member got is a row
// keyed like its quota count, so a retried event is recorded once; a capped member is told at most once
// an hour (a row of kind "notice"), then the bot stays quiet until the hour has room again.

import { decideMemberLimit, MEMBER_LIMIT_WINDOW_MS, type MemberLimitDecision } from '../usage/member-limit';

export class MemberLimit {
  constructor(private readonly storage: DurableObjectStorage) {}

  /** What to do with a member's next question; `key` (this question's) is left out of the count. */
  check(userId: string, cap: number | null, key: string, now = Date.now()): MemberLimitDecision {
    if (cap === null) return { kind: 'answer' };
    const since = now - MEMBER_LIMIT_WINDOW_MS;
    const answers = this.storage.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM member_answers WHERE user_id = ? AND kind = 'answer' AND at >= ? AND answer_key <> ?", userId, since, `answer:${key}`)
      .one().n;
    const notice = this.storage.sql
      .exec<{ at: number | null }>("SELECT MAX(at) AS at FROM member_answers WHERE user_id = ? AND kind = 'notice' AND at >= ?", userId, since)
      .one().at;
    return decideMemberLimit({ cap, answersInWindow: answers, lastNoticeAt: notice ?? null, now });
  }

  /** Records an answer (or a notice) the member got; the same key twice is one row. */
  record(userId: string, key: string, kind: 'answer' | 'notice', now = Date.now()): void {
    this.storage.sql.exec('INSERT OR IGNORE INTO member_answers (answer_key, user_id, kind, at) VALUES (?, ?, ?, ?)', `${kind}:${key}`, userId, kind, now);
  }

  prune(now = Date.now()): void {
    this.storage.sql.exec('DELETE FROM member_answers WHERE at < ?', now - MEMBER_LIMIT_WINDOW_MS);
  }
}

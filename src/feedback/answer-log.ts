// The guild's record of questions and answers: every question Herald answered (answered from the knowledge
// base or "nothing relevant"), the message carrying its buttons, members' 👍/👎 votes and escalations.
// Insights (GET /api/guilds/:id/insights) read it. Bounded by age and count (README "Limits"). A question's
// record is its exchange row (src/guild/conversation-store.ts, answer_id set), written once after the answer
// was posted; lookups by answer id scan that bounded table (no second index: one row written per answer).

/** Questions, votes and escalations older than this are dropped (insights look back at most INSIGHTS_MAX_DAYS). */
export const ANSWERS_RETENTION_MS = 90 * 24 * 60 * 60_000;
/** At most this many questions are kept; the oldest go first. */
export const MAX_ANSWERS_KEPT = 20_000;
/** A question is stored cut to this many characters. */
export const MAX_QUESTION_CHARS = 500;
/** Insights' look-back window: `days` from 1 to this, 30 by default. */
export const INSIGHTS_MAX_DAYS = 90;
export const INSIGHTS_DEFAULT_DAYS = 30;
/** How many of the most frequent unanswered questions insights list. */
export const INSIGHTS_TOP_UNANSWERED = 10;

export type QuestionSource = 'mention' | 'all' | 'ask' | 'forum' | 'thread';
export type Vote = 'up' | 'down';
export type EscalationVia = 'asked' | 'button' | 'ticket';

export interface AnswerRow {
  answerId: string;
  messageId: string | null;
  channelId: string;
  userId: string;
  question: string;
  answered: boolean;
}

export interface Insights {
  days: number;
  since: string;
  questions: number;
  answered: number;
  unanswered: number;
  feedback: { up: number; down: number };
  escalations: number;
  topUnanswered: { question: string; count: number; lastAskedAt: string }[];
}

export class AnswerLog {
  constructor(private readonly storage: DurableObjectStorage) {}

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  get(answerId: string): AnswerRow | null {
    const row = this.sql
      .exec<{ answer_id: string; message_id: string | null; channel_id: string; user_id: string; question: string; answered: number }>(
        `SELECT answer_id, answer_message_id AS message_id, answer_channel_id AS channel_id, asker_id AS user_id, asked AS question, answered
           FROM exchanges WHERE answer_id = ? LIMIT 1`,
        answerId,
      )
      .toArray()[0];
    return row
      ? { answerId: row.answer_id, messageId: row.message_id, channelId: row.channel_id, userId: row.user_id, question: row.question, answered: row.answered === 1 }
      : null;
  }

  /** One vote per member per answer: a second click replaces the first. */
  vote(answerId: string, userId: string, vote: Vote, now = Date.now()): void {
    this.sql.exec(
      `INSERT INTO answer_votes (answer_id, user_id, vote, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
      answerId,
      userId,
      vote,
      now,
    );
  }

  recordEscalation(conversationId: string, via: EscalationVia, now = Date.now()): void {
    this.sql.exec('INSERT INTO escalation_log (conversation_id, via, at) VALUES (?, ?, ?)', conversationId, via, now);
  }

  insights(days: number, now = Date.now()): Insights {
    const since = now - days * 24 * 60 * 60_000;
    const counts = this.sql
      .exec<{ questions: number; answered: number | null }>(
        'SELECT COUNT(*) AS questions, SUM(answered) AS answered FROM exchanges WHERE answer_id IS NOT NULL AND at >= ?',
        since,
      )
      .one();
    // Votes on answers of the window (a late vote on an older answer counts with that answer's period).
    const votes = this.sql
      .exec<{ vote: string; n: number }>(
        'SELECT v.vote AS vote, COUNT(*) AS n FROM exchanges a JOIN answer_votes v ON v.answer_id = a.answer_id WHERE a.answer_id IS NOT NULL AND a.at >= ? GROUP BY v.vote',
        since,
      )
      .toArray();
    const escalations = this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM escalation_log WHERE at >= ?', since).one().n;
    const top = this.sql
      .exec<{ normalised: string; n: number; last_at: number }>(
        `SELECT normalised, COUNT(*) AS n, MAX(at) AS last_at FROM exchanges
          WHERE answer_id IS NOT NULL AND answered = 0 AND at >= ? AND normalised != '' GROUP BY normalised ORDER BY n DESC, last_at DESC LIMIT ?`,
        since,
        INSIGHTS_TOP_UNANSWERED,
      )
      .toArray();
    const answered = counts.answered ?? 0;
    return {
      days,
      since: new Date(since).toISOString(),
      questions: counts.questions,
      answered,
      unanswered: counts.questions - answered,
      feedback: { up: votes.find((v) => v.vote === 'up')?.n ?? 0, down: votes.find((v) => v.vote === 'down')?.n ?? 0 },
      escalations,
      topUnanswered: top.map((row) => ({ question: this.latestWording(row.normalised, since), count: row.n, lastAskedAt: new Date(row.last_at).toISOString() })),
    };
  }

  /** How members last worded a group of questions (shown instead of the normalised key). */
  private latestWording(normalised: string, since: number): string {
    const row = this.sql
      .exec<{ question: string }>(
        'SELECT asked AS question FROM exchanges WHERE answer_id IS NOT NULL AND normalised = ? AND answered = 0 AND at >= ? ORDER BY at DESC LIMIT 1',
        normalised,
        since,
      )
      .toArray()[0];
    return row?.question ?? normalised;
  }

  hasExpiringState(): boolean {
    return this.sql.exec('SELECT 1 FROM exchanges WHERE answer_id IS NOT NULL LIMIT 1').toArray().length > 0 || this.sql.exec('SELECT 1 FROM escalation_log LIMIT 1').toArray().length > 0;
  }

  prune(now = Date.now()): void {
    const cutoff = now - ANSWERS_RETENTION_MS;
    // Answer records no longer memory go; one still memory (under a day old) just stops being a record.
    const retire = (where: string, ...values: SqlStorageValue[]) => {
      this.sql.exec(`DELETE FROM exchanges WHERE answer_id IS NOT NULL AND memory = 0 AND ${where}`, ...values);
      this.sql.exec(`UPDATE exchanges SET answer_id = NULL WHERE answer_id IS NOT NULL AND ${where}`, ...values);
    };
    retire('at < ?', cutoff);
    const oldestKept = this.sql
      .exec<{ at: number }>('SELECT at FROM exchanges WHERE answer_id IS NOT NULL ORDER BY at DESC LIMIT 1 OFFSET ?', MAX_ANSWERS_KEPT - 1)
      .toArray()[0];
    if (oldestKept) retire('at < ?', oldestKept.at);
    this.sql.exec('DELETE FROM answer_votes WHERE answer_id NOT IN (SELECT answer_id FROM exchanges WHERE answer_id IS NOT NULL)');
    this.sql.exec('DELETE FROM escalation_log WHERE at < ?', cutoff);
  }
}

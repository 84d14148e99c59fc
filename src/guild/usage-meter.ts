// The guild's side of the monthly quota: counts messages and reports usage for the admin API. A guild that shares
// no quota counts in its own book (a LedgerBook over this actor's storage: a count is one statement here, no call
// to another object); guilds that share an accountId count through that account's UsageLedger, the one place that
// decides for them all. Every model call goes through here: the ones that count (answers, moderation checks,
// proactive posts) with `consume`, the ones that decide whether to answer at all (smart-mode classifier, "wants a
// human") with `hasRoom`, so a spent quota stops them all.

import { log, logError } from '../log';
import type { ConsumeResult, LedgerBook, LedgerTotals } from '../usage/ledger-book';
import { ledgerName, monthOf, nextMonthStart, type CountMarks, type UsageKind, type UsageReport } from '../usage/quota';
import { LEDGER_COPY_KEY } from './schema';
import { effectiveMonthlyLimit, type GuildSettings } from './settings';

/** A shared ledger's reading this recent, with at least ROOM_MEMO_MARGIN messages left, answers hasRoom without a call. */
export const ROOM_MEMO_MS = 10_000;
export const ROOM_MEMO_MARGIN = 50;

/** What counting needs of a quota's book: the own LedgerBook answers at once, a UsageLedger stub through a call. */
interface QuotaBook {
  consume(guildId: string, kind: UsageKind, limit: number, key: string | null, now: number, marks: CountMarks | null): ConsumeResult | Promise<ConsumeResult>;
  room(limit: number, now: number): ConsumeResult | Promise<ConsumeResult>;
  refund(guildId: string, kind: UsageKind): void | Promise<void>;
  totals(guildId: string, now: number): LedgerTotals | Promise<LedgerTotals>;
}

export class UsageMeter {
  /** The last room the shared ledger reported (any call), so most messages make one ledger call, not two. */
  private lastRoom: { ledger: string; month: string; at: number; used: number } | null = null;
  /** Whether the counts from before migration 20 are in the own book (checked once per instance). */
  private copied = false;

  constructor(
    private readonly env: Env,
    private readonly settings: () => GuildSettings,
    private readonly guildId: () => string,
    /** The guild's own book, in this actor's storage. */
    private readonly book: LedgerBook,
    private readonly storage: DurableObjectStorage,
    /** Where the guild's inbox stands, so the book forgets a counted key once its event is done. */
    private readonly marks: () => CountMarks | null = () => null,
  ) {}

  /**
   * Counts one message; false (and nothing counted) when this month's quota is spent. `key` names what is
   * counted (e.g. the member's message): a retried event with the same key is allowed without a second count.
   */
  async consume(kind: UsageKind, key: string | null = null): Promise<boolean> {
    const limit = effectiveMonthlyLimit(this.settings());
    const marks = key === null ? null : this.marks();
    const { book, shared } = await this.quotaBook();
    const result = await book.consume(this.guildId(), kind, limit, key, Date.now(), marks);
    if (shared) this.noteRoom(result);
    if (!result.allowed) log('GuildActor.quotaSpent', { guildId: this.guildId(), kind, used: result.used, limit: result.limit });
    return result.allowed;
  }

  /**
   * Whether this month's quota has room for one more message (counts nothing). It only gates the calls that do
   * not count (every counted one goes through consume, which is exact). The own book answers at once; for a
   * shared ledger, a reading less than ROOM_MEMO_MS old with at least ROOM_MEMO_MARGIN messages left stands
   * without a call.
   */
  async hasRoom(now = Date.now()): Promise<boolean> {
    const limit = effectiveMonthlyLimit(this.settings());
    const { book, shared } = await this.quotaBook();
    const memo = this.lastRoom;
    if (shared && memo && memo.ledger === this.ledgerName() && memo.month === monthOf(now) && now - memo.at < ROOM_MEMO_MS && limit - memo.used >= ROOM_MEMO_MARGIN) return true;
    const result = await book.room(limit, now);
    if (shared) this.noteRoom(result);
    if (!result.allowed) log('GuildActor.quotaGate', { guildId: this.guildId(), used: result.used, limit: result.limit });
    return result.allowed;
  }

  private noteRoom(result: { used: number }, now = Date.now()): void {
    this.lastRoom = { ledger: this.ledgerName() ?? '', month: monthOf(now), at: now, used: result.used };
  }

  async refund(kind: UsageKind): Promise<void> {
    await (await this.quotaBook()).book.refund(this.guildId(), kind);
  }

  async report(now = Date.now()): Promise<UsageReport> {
    const settings = this.settings();
    const limit = effectiveMonthlyLimit(settings);
    const totals = await (await this.quotaBook()).book.totals(this.guildId(), now);
    return {
      month: monthOf(now),
      plan: settings.plan,
      limit,
      used: totals.used,
      remaining: Math.max(0, limit - totals.used),
      exhausted: totals.used >= limit,
      resetsAt: new Date(nextMonthStart(now)).toISOString(),
      accountId: settings.accountId,
      byKind: totals.byKind,
      guild: totals.guild,
      byDay: totals.byDay,
    };
  }

  /** The UsageLedger that counts this guild (its account's), or null: the guild counts in its own actor. */
  ledgerName(): string | null {
    const accountId = this.settings().accountId;
    return accountId ? ledgerName(this.guildId(), accountId) : null;
  }

  /** Where this guild's quota is counted: its account's UsageLedger (`shared`: another object, called), or its own book. */
  private async quotaBook(): Promise<{ book: QuotaBook; shared: boolean }> {
    const name = this.ledgerName();
    if (name === null) return { book: await this.ownBook(), shared: false };
    return { book: this.env.USAGE_LEDGER.get(this.env.USAGE_LEDGER.idFromName(name)), shared: true };
  }

  /**
   * The own book, with the counts from before migration 20 in it: a guild that existed then counted in its own
   * UsageLedger (`guild:<id>`); its rows are copied once (the kv key goes when they are in). A failed copy is
   * logged and tried again at the next count, which goes ahead meanwhile.
   */
  private async ownBook(): Promise<LedgerBook> {
    if (this.copied) return this.book;
    const pending = this.storage.sql.exec('SELECT 1 FROM kv WHERE key = ?', LEDGER_COPY_KEY).toArray().length > 0;
    if (pending) {
      try {
        const old = this.env.USAGE_LEDGER.get(this.env.USAGE_LEDGER.idFromName(ledgerName(this.guildId(), null)));
        this.book.adopt(await old.rowsOf(this.guildId()));
        this.storage.sql.exec('DELETE FROM kv WHERE key = ?', LEDGER_COPY_KEY);
      } catch (error) {
        logError('GuildActor.ledgerCopy', error, { guildId: this.guildId() });
        return this.book;
      }
    }
    this.copied = true;
    return this.book;
  }
}

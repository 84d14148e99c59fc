// Replies decided but not delivered. The reply to a member's message or `/ask` is stored when its post fails
// (and dropped once Discord has it), so when the inbox runs the event again, the same text is posted again
// (the reply nonce keeps Discord from creating it twice) with no second model call, no second count and no
// second pair of turns. A post that succeeds writes nothing here. Only an actor torn down between deciding and
// posting (no catch runs) decides again on the retry: the quota still counts it once (by key).

import type { Exchange } from './conversation-store';
import { PENDING_REPLY_RETENTION_MS } from './schema';

export class PendingReplies {
  /** The keys with a stored reply (null until first read): asked for every answer, almost always empty, so kept in memory; each write below keeps it in step. */
  private keys: Set<string> | null = null;

  constructor(private readonly storage: DurableObjectStorage) {}

  /** The stored reply for `key` (a message id or `interaction:<id>`), or null when none is pending. */
  pending(key: string): string | null {
    if (!this.storedKeys().has(key)) return null;
    const row = this.storage.sql.exec<{ content: string }>('SELECT content FROM pending_replies WHERE reply_key = ?', key).toArray()[0];
    return row ? row.content : null;
  }

  /** The exchange the stored reply answers (recorded once the retry delivers it), or null. */
  exchangeOf(key: string): Exchange | null {
    const row = this.storage.sql.exec<{ exchange: string | null }>('SELECT exchange FROM pending_replies WHERE reply_key = ?', key).toArray()[0];
    return row?.exchange ? (JSON.parse(row.exchange) as Exchange) : null;
  }

  store(key: string, content: string, exchange: Exchange | null = null, now = Date.now()): void {
    this.storage.sql.exec(
      `INSERT INTO pending_replies (reply_key, content, exchange, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (reply_key) DO UPDATE SET content = excluded.content, exchange = excluded.exchange`,
      key,
      content,
      exchange === null ? null : JSON.stringify(exchange),
      now,
    );
    this.storedKeys().add(key);
  }

  private storedKeys(): Set<string> {
    this.keys ??= new Set(this.storage.sql.exec<{ reply_key: string }>('SELECT reply_key FROM pending_replies').toArray().map((row) => row.reply_key));
    return this.keys;
  }

  /**
   * Posts `text` for `key`: if the post throws, the text is kept for the retry (`wasStored`: it already was);
   * once delivered, a kept text is dropped.
   */
  async deliver(key: string, text: string, wasStored: boolean, post: () => Promise<unknown>, exchange: Exchange | null = null): Promise<void> {
    try {
      await post();
    } catch (error) {
      if (!wasStored) this.store(key, text, exchange);
      throw error;
    }
    if (wasStored) this.done(key);
  }

  /** The reply reached Discord (or Discord refused it for good): nothing is left to deliver. */
  done(key: string): void {
    this.storage.sql.exec('DELETE FROM pending_replies WHERE reply_key = ?', key);
    this.keys?.delete(key);
  }

  /** Replies of events the inbox gave up on are not kept forever. */
  prune(now = Date.now()): void {
    this.storage.sql.exec('DELETE FROM pending_replies WHERE at < ?', now - PENDING_REPLY_RETENTION_MS);
    this.keys = null;
  }
}

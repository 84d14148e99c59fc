// Which member messages the soak posted, which of them Herald answered (read back from the simulator's
// channels), and the numbers of the summary.

import type { DiscordSimulator } from '../discord-simulator/index.js';

export type PostKind = 'question' | 'greet' | 'chatter';

export interface PostedMessage {
  id: string;
  guildIndex: number;
  guildId: string;
  channelId: string;
  channelName: string;
  kind: PostKind;
  /** Mentions the bot, so a reply is due (if the gateway could deliver it). */
  mentions: boolean;
  /** The simulator queued the event on a session (live or resumable): Discord would deliver it. */
  deliverable: boolean;
  /** …and that session had a connection right then. */
  live: boolean;
  /** Simulator message timestamp (ms). */
  at: number;
}

export interface Reply {
  id: string;
  at: number;
}

export interface ReplyScan {
  /** Member message id → the bot's replies to it, oldest first. */
  replies: Map<string, Reply[]>;
  /** Bot messages with no message_reference (continuations of split answers, greetings without reply…). */
  unreferenced: number;
}

export class Tracker {
  readonly posted: PostedMessage[] = [];
  private readonly byId = new Map<string, PostedMessage>();
  readonly channelIds = new Set<string>();
  postErrors = 0;

  constructor(
    private readonly simulator: DiscordSimulator,
    private readonly botUserId: string,
  ) {}

  add(message: PostedMessage): void {
    this.posted.push(message);
    this.byId.set(message.id, message);
    this.channelIds.add(message.channelId);
  }

  get(id: string): PostedMessage | undefined {
    return this.byId.get(id);
  }

  scan(): ReplyScan {
    const replies = new Map<string, Reply[]>();
    let unreferenced = 0;
    for (const channelId of this.channelIds) {
      for (const message of this.simulator.messages(channelId)) {
        if (message.author.id !== this.botUserId) continue;
        const target = message.message_reference?.message_id;
        if (!target) {
          unreferenced++;
          continue;
        }
        const list = replies.get(target) ?? [];
        list.push({ id: message.id, at: Date.parse(message.timestamp) });
        replies.set(target, list);
      }
    }
    return { replies, unreferenced };
  }

  analyse(scan: ReplyScan): Analysis {
    const expected = this.posted.filter((m) => m.mentions && m.deliverable);
    const undeliverable = this.posted.filter((m) => m.mentions && !m.deliverable);
    const missing = expected.filter((m) => (scan.replies.get(m.id)?.length ?? 0) === 0);
    const duplicated = this.posted.filter((m) => (scan.replies.get(m.id)?.length ?? 0) > 1);
    const unexpected = this.posted.filter((m) => !m.mentions && (scan.replies.get(m.id)?.length ?? 0) > 0);
    const undeliverableAnswered = undeliverable.filter((m) => (scan.replies.get(m.id)?.length ?? 0) > 0);
    const orphanReplies = [...scan.replies.keys()].filter((id) => !this.byId.has(id)).length;
    const latencies = expected
      .map((m) => {
        const first = scan.replies.get(m.id)?.[0];
        return first ? first.at - m.at : null;
      })
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    return {
      sent: this.posted.length,
      mentions: this.posted.filter((m) => m.mentions).length,
      expected,
      seen: expected.length - missing.length,
      missing,
      duplicated,
      unexpected,
      undeliverable,
      undeliverableAnswered,
      orphanReplies,
      unreferenced: scan.unreferenced,
      latencies,
    };
  }
}

export interface Analysis {
  sent: number;
  mentions: number;
  expected: PostedMessage[];
  seen: number;
  missing: PostedMessage[];
  /** Messages with more than one reply. */
  duplicated: PostedMessage[];
  /** Messages that do not mention the bot but were answered. */
  unexpected: PostedMessage[];
  /** Mentions posted while no session could receive them (Discord would not deliver them either). */
  undeliverable: PostedMessage[];
  undeliverableAnswered: PostedMessage[];
  /** Replies to messages the soak did not post. */
  orphanReplies: number;
  unreferenced: number;
  latencies: number[];
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? null;
}

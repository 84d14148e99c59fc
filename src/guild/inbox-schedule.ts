// Pure scheduling for the guild inbox: which stored event runs next, in O(1) per event. Events that must
// run in order share a key (one member's conversation, or the guild's own state); each key is a FIFO queue.
// A key is `ready` (its head may start), `running` (its head is in flight), or `held` until a time (its head
// failed, or a rate limit parked it): a held key keeps its later events back, so order holds, while every
// other key runs. Admission decides what happens over the caps; moderation is never what is dropped.

import type { GuildEvent } from './events';

/** `full`: handled normally. `overflow`: over a cap; a message is moderated but not answered, an `/ask` gets a busy notice. */
export type InboxMode = 'full' | 'overflow';

export interface QueuedEvent {
  eventId: string;
  key: string;
  /** The member whose event this is (null for the guild's own state), for the per-member cap. */
  member: string | null;
  mode: InboxMode;
  /**
   * The event itself and its failed attempts so far, when this instance stored it: it runs without reading
   * and parsing its stored row again. (Events found in storage by a new instance are read when they run.)
   */
  held?: { event: GuildEvent; attempts: number };
}

export interface InboxLimits {
  /** Events of one member that are answered; past it their new messages are moderated only. */
  perMember: number;
  /** Events of the guild that are answered; past it new messages are moderated only. */
  answered: number;
  /** Events stored at all; past it gateway messages are refused (they wait in the shard's outbox). */
  total: number;
}

export type Admission = { store: true; mode: InboxMode } | { store: false };

/** Events that must run in order share a key: a member's conversation, or the guild's own state. */
export function orderKey(event: GuildEvent): string {
  switch (event.kind) {
    case 'message_create':
    case 'message_update':
      return `conversation:${event.message.channel_id}:${event.message.author.id}`;
    case 'ask':
      return `conversation:${event.channelId}:${event.userId}`;
    case 'guild_state':
    case 'role':
    case 'channel':
    case 'thread':
    case 'automod_execution':
      return 'guild-state';
  }
}

export function memberOf(event: GuildEvent): string | null {
  switch (event.kind) {
    case 'message_create':
    case 'message_update':
      return event.message.author.id;
    case 'ask':
      return event.userId;
    case 'guild_state':
    case 'role':
    case 'channel':
    case 'thread':
    case 'automod_execution':
      return null;
  }
}

/**
 * What to do with a new event given what the inbox holds. Guild state and role events are always taken
 * (moderation needs them; they are rare). An `/ask` was already acknowledged to Discord, so it is always
 * taken, answered in full or, over a cap, with a busy notice. Edits are moderation only, so no answer cap
 * applies. A new message over a cap is still taken to be moderated; only past the total cap is it refused.
 */
export function admit(kind: GuildEvent['kind'], held: { total: number; member: number }, limits: InboxLimits): Admission {
  const overCap = held.member >= limits.perMember || held.total >= limits.answered;
  switch (kind) {
    case 'guild_state':
    case 'role':
    case 'channel':
    case 'thread':
    case 'automod_execution':
      return { store: true, mode: 'full' };
    case 'ask':
      return { store: true, mode: overCap ? 'overflow' : 'full' };
    case 'message_update':
      return held.total >= limits.total ? { store: false } : { store: true, mode: 'full' };
    case 'message_create':
      if (held.total >= limits.total) return { store: false };
      return { store: true, mode: overCap ? 'overflow' : 'full' };
  }
}

export type Finish = { kind: 'done' } | { kind: 'hold'; until: number };

export class InboxSchedule {
  private readonly queues = new Map<string, QueuedEvent[]>();
  /** Keys whose head may start now, oldest first (a Set keeps insertion order: fair across keys). */
  private readonly ready = new Set<string>();
  private readonly running = new Set<string>();
  private readonly held = new Map<string, number>();
  private readonly members = new Map<string, number>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  memberCount(member: string | null): number {
    return member === null ? 0 : (this.members.get(member) ?? 0);
  }

  has(key: string): boolean {
    return this.queues.has(key);
  }

  /** Adds an event at the end of its key's queue; `holdUntil` restores a park that survived eviction. */
  push(event: QueuedEvent, holdUntil = 0): void {
    const queue = this.queues.get(event.key);
    if (queue) queue.push(event);
    else {
      this.queues.set(event.key, [event]);
      if (holdUntil > 0) this.held.set(event.key, holdUntil);
      else this.ready.add(event.key);
    }
    this.count++;
    if (event.member !== null) this.members.set(event.member, this.memberCount(event.member) + 1);
  }

  /** The next event to start (the head of the oldest ready key), now marked running; null when none may. */
  take(): QueuedEvent | null {
    for (const key of this.ready) {
      this.ready.delete(key);
      this.running.add(key);
      return this.queues.get(key)![0]!;
    }
    return null;
  }

  /** The running head of `key` finished: `done` removes it; `hold` keeps it and holds the key until then. */
  finish(key: string, outcome: Finish): void {
    this.running.delete(key);
    const queue = this.queues.get(key);
    if (!queue) return;
    if (outcome.kind === 'hold') {
      this.held.set(key, outcome.until);
      return;
    }
    const head = queue.shift()!;
    this.count--;
    if (head.member !== null) {
      const left = this.memberCount(head.member) - 1;
      if (left > 0) this.members.set(head.member, left);
      else this.members.delete(head.member);
    }
    if (queue.length === 0) this.queues.delete(key);
    else this.ready.add(key);
  }

  /** Releases held keys whose time has come; returns the earliest time still held (null when none). */
  wake(now: number): number | null {
    let next: number | null = null;
    for (const [key, until] of this.held) {
      if (until <= now) {
        this.held.delete(key);
        this.ready.add(key);
      } else if (next === null || until < next) {
        next = until;
      }
    }
    return next;
  }

  /** How many keys are ready, running and held (for logs and tests). */
  stats(): { ready: number; running: number; held: number; events: number } {
    return { ready: this.ready.size, running: this.running.size, held: this.held.size, events: this.count };
  }
}

// Which gateway sequence the shard may store as "done": the highest `s` such that every dispatch up to it is
// settled (taken by its guild actor, stored in the outbox, or needing nothing). After an eviction the shard
// RESUMEs from the stored value and Discord replays what came after it; the guild actors drop what they had
// already taken (by event id). So no event needs a row of its own on the happy path: the shard stores this
// one number now and then instead of a sequence write and an outbox row per event.
//
// Sequences arrive in order, so the open ones form a queue: O(1) per event. A new session (IDENTIFY) numbers
// from 1 again: `reset` starts a new generation, and settling a ticket of an older one does nothing.

export interface SequenceTicket {
  readonly seq: number;
  readonly generation: number;
}

/** The queue's consumed head is cut off once it is this long (amortised O(1)). */
const COMPACT_AT = 1_024;

export class SequenceWatermark {
  private generation = 0;
  private readonly open = new Set<number>();
  private queue: number[] = [];
  private head = 0;
  private mark: number | null;

  constructor(start: number | null) {
    this.mark = start;
  }

  /** Every dispatch up to this is settled (null: nothing yet in this session). */
  get value(): number | null {
    return this.mark;
  }

  /** Dispatches received and not yet settled. */
  get pending(): number {
    return this.open.size;
  }

  receive(seq: number): SequenceTicket {
    // A replayed or out-of-order number (Discord never sends one) cannot move the mark back.
    if (this.mark !== null && seq <= this.mark) return { seq, generation: -1 };
    this.open.add(seq);
    this.queue.push(seq);
    return { seq, generation: this.generation };
  }

  settle(ticket: SequenceTicket): void {
    if (ticket.generation !== this.generation || !this.open.delete(ticket.seq)) return;
    while (this.head < this.queue.length && !this.open.has(this.queue[this.head]!)) this.mark = this.queue[this.head++]!;
    if (this.head >= COMPACT_AT) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** A new session, or a session forgotten: starts over at `start`. */
  reset(start: number | null): void {
    this.generation++;
    this.open.clear();
    this.queue = [];
    this.head = 0;
    this.mark = start;
  }
}

// The gateway heartbeat, as Discord documents it: the first beat after `interval * jitter`, then one every
// interval; a beat while the previous one is still unacknowledged means the connection is a zombie.

import { firstHeartbeatDelay } from './protocol';

export interface HeartbeatHooks {
  /** Send op 1 now. */
  beat(): void;
  /** The last beat got no ACK: close and resume. */
  zombie(): void;
}

export class Heartbeat {
  private firstTimer: ReturnType<typeof setTimeout> | null = null;
  private intervalTimer: ReturnType<typeof setInterval> | null = null;
  private awaitingAck = false;
  private sentAt = 0;

  constructor(private readonly hooks: HeartbeatHooks) {}

  start(intervalMs: number, random = Math.random()): void {
    this.stop();
    this.awaitingAck = false;
    this.firstTimer = setTimeout(() => {
      this.tick();
      this.intervalTimer = setInterval(() => this.tick(), intervalMs);
    }, firstHeartbeatDelay(intervalMs, random));
  }

  /** Discord asked for a beat (op 1): send one at once; an outstanding beat is not a zombie sign here. */
  beatNow(): void {
    this.awaitingAck = true;
    this.sentAt = Date.now();
    this.hooks.beat();
  }

  private tick(): void {
    if (this.awaitingAck) {
      this.stop();
      this.hooks.zombie();
      return;
    }
    this.awaitingAck = true;
    this.sentAt = Date.now();
    this.hooks.beat();
  }

  /** op 11: returns the round-trip latency in ms. */
  ack(now = Date.now()): number {
    this.awaitingAck = false;
    return now - this.sentAt;
  }

  stop(): void {
    if (this.firstTimer) clearTimeout(this.firstTimer);
    if (this.intervalTimer) clearInterval(this.intervalTimer);
    this.firstTimer = null;
    this.intervalTimer = null;
  }
}

// The faults the soak injects at random intervals, through the in-process simulator API.

import type { DiscordSimulator } from '../discord-simulator/index.js';
import type { Random } from './corpus.js';

export const FAULT_KINDS = [
  'op7-reconnect',
  'op9-resumable',
  'op9-not-resumable',
  'close-4000',
  'close-4009',
  'drop-1006',
  'stop-acks',
  'request-heartbeat',
  'rest-429-bucket',
  'rest-429-global',
  'rest-500',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The bot's message POSTs (replies), and nothing else. */
const MESSAGE_POST_PATH = '^/channels/\\d+/messages$';

export interface FaultRecord {
  kind: FaultKind;
  at: number;
  detail: string;
  /** A gateway fault that found no connected session did nothing. */
  hit: boolean;
}

export class FaultInjector {
  readonly records: FaultRecord[] = [];
  private nextTimer: NodeJS.Timeout | null = null;
  private restoreTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly simulator: DiscordSimulator,
    private readonly random: Random,
    private readonly heartbeatIntervalMs: number,
    private readonly log: (line: string) => void,
    private readonly kinds: readonly FaultKind[] = FAULT_KINDS,
    private readonly intervalMs: { min: number; max: number } = { min: 5_000, max: 20_000 },
  ) {}

  start(): void {
    if (this.kinds.length > 0) this.scheduleNext();
  }

  /** No more faults: cancels the pending one, restores heartbeat ACKs and clears REST faults. */
  stop(): void {
    this.stopped = true;
    if (this.nextTimer) clearTimeout(this.nextTimer);
    this.nextTimer = null;
    if (this.restoreTimer) {
      clearTimeout(this.restoreTimer);
      this.restoreTimer = null;
      this.restoreAcks();
    }
    this.simulator.clearFaults();
  }

  countsByKind(): Map<FaultKind, { injected: number; noTarget: number }> {
    const counts = new Map<FaultKind, { injected: number; noTarget: number }>();
    for (const record of this.records) {
      const entry = counts.get(record.kind) ?? { injected: 0, noTarget: 0 };
      entry.injected++;
      if (!record.hit) entry.noTarget++;
      counts.set(record.kind, entry);
    }
    return counts;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const delay = this.random.int(this.intervalMs.min, this.intervalMs.max);
    this.nextTimer = setTimeout(() => {
      this.nextTimer = null;
      if (this.stopped) return;
      try {
        this.inject(this.random.pick(this.kinds));
      } catch (error) {
        this.log(`fault injection failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.scheduleNext();
    }, delay);
  }

  inject(kind: FaultKind): void {
    const sim = this.simulator;
    let detail: string;
    let hit = true;
    const gateway = (result: { sessions: string[] }, what: string) => {
      hit = result.sessions.length > 0;
      detail = hit ? `${what} → session ${result.sessions.map((s) => s.slice(0, 8)).join(', ')}` : `${what} → no connected session, nothing done`;
    };
    switch (kind) {
      case 'op7-reconnect':
        gateway(sim.gatewayFault({ action: 'reconnect' }), 'op 7 Reconnect');
        break;
      case 'op9-resumable':
        gateway(sim.gatewayFault({ action: 'invalid-session', resumable: true }), 'op 9 Invalid Session (resumable)');
        break;
      case 'op9-not-resumable':
        gateway(sim.gatewayFault({ action: 'invalid-session', resumable: false }), 'op 9 Invalid Session (not resumable)');
        break;
      case 'close-4000':
        gateway(sim.gatewayFault({ action: 'close', code: 4000, reason: 'soak: unknown error' }), 'close 4000');
        break;
      case 'close-4009':
        gateway(sim.gatewayFault({ action: 'close', code: 4009, reason: 'soak: session timed out' }), 'close 4009');
        break;
      case 'drop-1006':
        gateway(sim.gatewayFault({ action: 'drop' }), 'drop without close frame (1006)');
        break;
      case 'stop-acks': {
        const forMs = Math.round(this.heartbeatIntervalMs * 1.5);
        if (this.restoreTimer) clearTimeout(this.restoreTimer);
        gateway(sim.gatewayFault({ action: 'stop-acks', value: true }), `heartbeat ACKs stopped for ${forMs} ms`);
        hit = true; // Also applies to connections opened while it lasts.
        this.restoreTimer = setTimeout(() => {
          this.restoreTimer = null;
          this.restoreAcks();
          this.log('heartbeat ACKs restored');
        }, forMs);
        break;
      }
      case 'request-heartbeat':
        gateway(sim.gatewayFault({ action: 'request-heartbeat' }), 'op 1 Heartbeat request');
        break;
      case 'rest-429-bucket':
        sim.restFault({ method: 'POST', path: MESSAGE_POST_PATH, status: 429, retryAfter: 1 });
        detail = 'next message POST → 429 (bucket, retry_after 1 s)';
        break;
      case 'rest-429-global':
        sim.restFault({ method: 'POST', path: MESSAGE_POST_PATH, status: 429, retryAfter: 1, global: true });
        detail = 'next message POST → 429 (global, retry_after 1 s)';
        break;
      case 'rest-500': {
        const count = this.random.int(1, 2);
        sim.restFault({ method: 'POST', path: MESSAGE_POST_PATH, status: 500, count });
        detail = `next ${count} message POST(s) → 500`;
        break;
      }
    }
    const record: FaultRecord = { kind, at: Date.now(), detail: detail!, hit };
    this.records.push(record);
    this.log(`fault ${kind}: ${record.detail}`);
  }

  /**
   * Turns ACKs back on everywhere. Without a session id the simulator only reaches connected sessions, so a
   * session that is between connections right now is restored by id (else it would stay ACK-less on resume).
   */
  private restoreAcks(): void {
    this.simulator.gatewayFault({ action: 'stop-acks', value: false });
    for (const session of this.simulator.state().gateway.sessions) {
      if (!session.connected && session.resumable) this.simulator.gatewayFault({ action: 'stop-acks', value: false, sessionId: session.id });
    }
  }
}

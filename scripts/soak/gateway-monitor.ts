// Watches the simulator's gateway sessions and logs what happens to Herald's connection (new session,
// resume, close with code and side), so the soak's log is a timeline; also measures time without a connection.

import type { DiscordSimulator, GatewayCloseRecord } from '../discord-simulator/index.js';

interface Seen {
  resumes: number;
  closes: number;
}

export class GatewayMonitor {
  private readonly seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | null = null;
  private offlineSince: number | null = null;
  offlineMs = 0;
  longestOfflineMs = 0;
  /** Herald's socket ended without a close frame (1006 on Herald's side): a reload, an eviction, a crash. */
  readonly unplannedCloses: GatewayCloseRecord[] = [];

  constructor(
    private readonly simulator: DiscordSimulator,
    private readonly applicationId: string,
    private readonly log: (line: string) => void,
    private readonly everyMs = 200,
  ) {}

  start(): void {
    this.poll(true);
    this.timer = setInterval(() => this.poll(false), this.everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.poll(false);
    if (this.offlineSince !== null) this.closeGap(Date.now());
  }

  /** Whether a gap is open right now and since when. */
  get offlineFor(): number | null {
    return this.offlineSince === null ? null : Date.now() - this.offlineSince;
  }

  private poll(quiet: boolean): void {
    const now = Date.now();
    const sessions = this.simulator.state().gateway.sessions.filter((s) => s.bot === this.applicationId);
    for (const session of sessions) {
      const short = session.id.slice(0, 8);
      let seen = this.seen.get(session.id);
      if (!seen) {
        seen = { resumes: 0, closes: 0 };
        this.seen.set(session.id, seen);
        if (!quiet) this.log(`gateway: Herald identified, new session ${short}`);
      }
      for (const close of session.closes.slice(seen.closes)) {
        const unplanned = close.by === 'client' && close.code === 1006;
        if (unplanned) this.unplannedCloses.push(close);
        if (!quiet) {
          this.log(
            `gateway: session ${short} connection closed ${close.code} by ${close.by === 'client' ? 'Herald' : 'the simulator'}` +
              `${close.reason ? ` (${close.reason})` : ''}${unplanned ? ' — not injected: Herald\'s socket died (wrangler reload / eviction?)' : ''}`,
          );
        }
      }
      if (session.resumes > seen.resumes && !quiet) this.log(`gateway: session ${short} resumed (${session.resumes} resume(s) so far)`);
      seen.closes = session.closes.length;
      seen.resumes = session.resumes;
    }
    const connected = sessions.some((s) => s.connected);
    if (!connected && this.offlineSince === null) this.offlineSince = now;
    if (connected && this.offlineSince !== null) this.closeGap(now);
  }

  private closeGap(now: number): void {
    const gap = now - (this.offlineSince ?? now);
    this.offlineMs += gap;
    this.longestOfflineMs = Math.max(this.longestOfflineMs, gap);
    this.offlineSince = null;
  }
}

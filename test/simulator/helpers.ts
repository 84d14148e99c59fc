// Small helpers for the simulator's own tests: a raw gateway client and a JSON fetch wrapper.
import { WebSocket } from 'ws';
import { GatewayOpcodes } from 'discord-api-types/v10';

export interface Frame {
  op: number;
  t: string | null;
  s: number | null;
  d: unknown;
}

/** A raw gateway connection that queues frames so tests can await them in order. */
export class RawGateway {
  private readonly frames: Frame[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('error', () => undefined);
  }

  static open(url: string): Promise<RawGateway> {
    const ws = new WebSocket(url);
    const client = new RawGateway(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  /** Next queued frame matching `match` (frames before it are discarded). */
  async next(match: (f: Frame) => boolean = () => true, timeoutMs = 1500): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(0, index + 1)[index] as Frame;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching gateway frame within ${timeoutMs} ms; queued: ${JSON.stringify(this.frames.map((f) => [f.op, f.t]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  dispatch(t: string, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => f.op === GatewayOpcodes.Dispatch && f.t === t, timeoutMs);
  }

  op(op: GatewayOpcodes, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => f.op === op, timeoutMs);
  }

  /** Frames received so far and not consumed. */
  pending(): Frame[] {
    return [...this.frames];
  }

  send(payload: { op: GatewayOpcodes; d: unknown }): void {
    this.ws.send(JSON.stringify(payload));
  }

  identify(token: string, intents: number, shard?: [number, number]): void {
    this.send({
      op: GatewayOpcodes.Identify,
      d: { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' }, ...(shard ? { shard } : {}) },
    });
  }

  close(code = 1000): Promise<{ code: number; reason: string }> {
    this.ws.close(code);
    return this.closed;
  }
}

export async function json<T>(url: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bot ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

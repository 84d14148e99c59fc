// /_sim control routes (no auth, JSON): the HTTP face of SimActions, plus SSE and long-polling.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimInputError, type SimActions } from './actions.js';
import { isRecord, matchRoute, readBody, route, sendJson, type Route } from './http-util.js';
import type { SimStore, StoreEvent } from './store.js';
import type {
  AddChannelInput,
  AddGuildInput,
  ForumPostInput,
  StartThreadInput,
  AddMemberInput,
  AddRoleInput,
  CreateInteractionInput,
  EditRoleInput,
  GatewayFault,
  MemberSaysInput,
  OverwriteInput,
  RestFaultInput,
} from './types.js';

interface ControlRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  req: IncomingMessage;
  res: ServerResponse;
}

/** Returning undefined means the handler wrote the response itself (SSE). */
type ControlHandler = (r: ControlRequest) => unknown;

const GATEWAY_ACTIONS = new Set(['reconnect', 'invalid-session', 'close', 'stop-acks', 'drop', 'request-heartbeat']);
const MAX_WAIT_MS = 30_000;

export class ControlApi {
  private readonly routes: Route<ControlHandler>[];

  constructor(
    private readonly actions: SimActions,
    private readonly store: SimStore,
  ) {
    const a = actions;
    // Control bodies are trusted test input; SimActions validates the fields that matter.
    this.routes = [
      route<ControlHandler>('GET', '/_sim/state', () => a.state()),
      route<ControlHandler>('GET', '/_sim/guilds', () => a.state().guilds),
      route<ControlHandler>('POST', '/_sim/guilds', (r) => a.addGuild(r.body as unknown as AddGuildInput)),
      route<ControlHandler>('GET', '/_sim/guilds/:gid', (r) => a.guild(p(r, 'gid'))),
      route<ControlHandler>('DELETE', '/_sim/guilds/:gid/bots', (r) => a.botsLeave(p(r, 'gid'))),
      route<ControlHandler>('POST', '/_sim/guilds/:gid/members', (r) => a.addMember(p(r, 'gid'), r.body as unknown as AddMemberInput)),
      route<ControlHandler>('POST', '/_sim/guilds/:gid/roles', (r) => a.addRole(p(r, 'gid'), r.body as unknown as AddRoleInput)),
      route<ControlHandler>('PATCH', '/_sim/guilds/:gid/roles/:rid', (r) => a.editRole(p(r, 'gid'), p(r, 'rid'), r.body as EditRoleInput)),
      route<ControlHandler>('PUT', '/_sim/channels/:cid/overwrites/:oid', (r) => a.setOverwrite(p(r, 'cid'), p(r, 'oid'), r.body as unknown as OverwriteInput)),
      route<ControlHandler>('DELETE', '/_sim/channels/:cid/overwrites/:oid', (r) => a.setOverwrite(p(r, 'cid'), p(r, 'oid'), null)),
      route<ControlHandler>('POST', '/_sim/guilds/:gid/channels', (r) => a.addChannel(p(r, 'gid'), r.body as unknown as AddChannelInput)),
      route<ControlHandler>('POST', '/_sim/forum-posts', (r) => a.threads.forumPost(r.body as unknown as ForumPostInput)),
      route<ControlHandler>('POST', '/_sim/threads', (r) => a.threads.startThread(r.body as unknown as StartThreadInput)),
      route<ControlHandler>('GET', '/_sim/threads/:tid', (r) => a.threads.view(p(r, 'tid'))),
      route<ControlHandler>('PUT', '/_sim/threads/:tid/members/:uid', (r) => a.threads.join(p(r, 'tid'), p(r, 'uid'))),
      route<ControlHandler>('POST', '/_sim/messages', (r) => a.memberSays(r.body as unknown as MemberSaysInput)),
      route<ControlHandler>('PATCH', '/_sim/channels/:cid/messages/:mid', (r) => a.memberEdits(p(r, 'cid'), p(r, 'mid'), String(r.body.content ?? ''))),
      route<ControlHandler>('GET', '/_sim/channels/:cid/messages', (r) => this.channelMessages(r)),
      route<ControlHandler>('GET', '/_sim/calls', (r) => {
        const since = r.query.get('since');
        return a.calls({
          ...(since !== null ? { since: Number(since) } : {}),
          ...(r.query.get('method') ? { method: r.query.get('method') ?? '' } : {}),
          ...(r.query.get('path') ? { path: r.query.get('path') ?? '' } : {}),
        });
      }),
      route<ControlHandler>('GET', '/_sim/config', () => a.config()),
      route<ControlHandler>('POST', '/_sim/config', (r) => a.configure(r.body)),
      route<ControlHandler>('POST', '/_sim/reset', () => {
        a.reset();
        return { ok: true };
      }),
      route<ControlHandler>('GET', '/_sim/faults', () => ({ rest: a.faults(), gateway: { stopAcks: a.state().gateway.stopAcks } })),
      route<ControlHandler>('POST', '/_sim/faults/gateway', (r) => {
        if (typeof r.body.action !== 'string' || !GATEWAY_ACTIONS.has(r.body.action)) {
          throw new SimInputError(400, `action must be one of ${[...GATEWAY_ACTIONS].join(', ')}`);
        }
        if (r.body.action === 'close' && typeof r.body.code !== 'number') throw new SimInputError(400, 'close needs a numeric code');
        if (r.body.action === 'stop-acks' && typeof r.body.value !== 'boolean') throw new SimInputError(400, 'stop-acks needs value: boolean');
        if (r.body.action === 'invalid-session' && typeof r.body.resumable !== 'boolean') {
          throw new SimInputError(400, 'invalid-session needs resumable: boolean');
        }
        return a.gatewayFault(r.body as unknown as GatewayFault);
      }),
      // {raw: "<frame text>"} or {t, d, guildId?}: a junk frame or a malformed dispatch (edge-validation tests).
      route<ControlHandler>('POST', '/_sim/faults/inject', (r) => {
        if (typeof r.body.raw === 'string') return { sessions: a.injectGateway({ raw: r.body.raw }) };
        if (typeof r.body.t !== 'string' || !('d' in r.body)) throw new SimInputError(400, 'inject needs raw: string, or t: string and d');
        const guildId = typeof r.body.guildId === 'string' ? r.body.guildId : null;
        return { sessions: a.injectGateway({ t: r.body.t, d: r.body.d, guildId }) };
      }),
      route<ControlHandler>('POST', '/_sim/faults/rest', (r) => a.restFault(r.body as unknown as RestFaultInput)),
      route<ControlHandler>('DELETE', '/_sim/faults', () => {
        a.clearFaults();
        return { ok: true };
      }),
      route<ControlHandler>('POST', '/_sim/interactions', (r) => a.createInteraction(r.body as unknown as CreateInteractionInput)),
      // Signs any body as Discord would (interaction types the simulator does not build itself).
      route<ControlHandler>('POST', '/_sim/interactions/sign', (r) => {
        if (typeof r.body.body !== 'string') throw new SimInputError(400, 'sign needs body: string');
        return a.signInteractionBody(r.body.body, typeof r.body.applicationId === 'string' ? r.body.applicationId : undefined);
      }),
      route<ControlHandler>('POST', '/_sim/interactions/:iid/age', (r) => a.ageInteraction(p(r, 'iid'), r.body.ms as number)),
      route<ControlHandler>('GET', '/_sim/events', (r) => this.events(r)),
    ];
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const cors = { 'access-control-allow-origin': '*' };
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE', 'access-control-allow-headers': 'content-type' });
      res.end();
      return;
    }
    const match = matchRoute(this.routes, method, url.pathname);
    if (!('route' in match)) {
      sendJson(res, match.methodMismatch ? 405 : 404, { error: `no control route ${method} ${url.pathname}` }, cors);
      return;
    }
    try {
      const raw = await readBody(req);
      if (raw.json === undefined) throw new SimInputError(400, 'body is not valid JSON');
      const body = isRecord(raw.json) ? raw.json : {};
      const result = await match.route.handler({ params: match.params, query: url.searchParams, body, req, res });
      if (result !== undefined) sendJson(res, 200, result, cors);
    } catch (error) {
      if (res.headersSent) return;
      const status = error instanceof SimInputError ? error.status : 500;
      if (status === 500) console.error('[discord-simulator] control route failed:', error);
      sendJson(res, status, { error: error instanceof Error ? error.message : String(error) }, cors);
    }
  }

  /** ?after=<id> keeps only newer messages; with &wait=<ms> the request waits for one to arrive. */
  private async channelMessages(r: ControlRequest) {
    const cid = p(r, 'cid');
    const after = r.query.get('after');
    const list = () => this.actions.messages(cid).filter((m) => after === null || BigInt(m.id) > BigInt(after));
    const wait = Math.min(MAX_WAIT_MS, Number(r.query.get('wait') ?? 0));
    if (list().length > 0 || !(wait > 0)) return list();
    try {
      await this.actions.waitForMessage(cid, { ...(after !== null ? { after } : {}), timeoutMs: wait });
    } catch {
      // Timing out is a normal long-poll outcome: answer with the (empty) list.
    }
    return list();
  }

  /** Server-Sent Events: one `event: <kind>` per message create/update/delete. */
  private events(r: ControlRequest): undefined {
    const { res, req } = r;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'access-control-allow-origin': '*',
    });
    res.write(': connected\n\n');
    const onChange = (event: StoreEvent) => res.write(`event: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
    // Proxies close idle streams; a comment every 15 s keeps it open.
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
    keepAlive.unref();
    this.store.events.on('change', onChange);
    req.on('close', () => {
      clearInterval(keepAlive);
      this.store.events.off('change', onChange);
    });
    return undefined;
  }
}

function p(r: ControlRequest, name: string): string {
  const value = r.params[name];
  if (value === undefined) throw new SimInputError(404, `missing ${name}`);
  return value;
}

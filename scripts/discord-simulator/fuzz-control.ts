// /_sim/fuzz control routes used by `npm run fuzz` and the fuzz smoke test: push raw or made-up gateway frames
// to the connected bot sessions, and sign arbitrary interaction bodies with the simulator's key. Real Discord
// never sends such frames; they exist to check that Herald survives them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebSocket } from 'ws';
import type { SimContext } from './context.js';
import { GatewayOpcodes } from './discord-enums.js';
import { MAX_BUFFERED_EVENTS, type Session, type SimDispatch } from './gateway-session.js';
import { isRecord, readBody, sendJson } from './http-util.js';

/** Largest raw frame the route sends (the worker's WebSocket limit is about 1 MiB; a bit more tests it). */
const MAX_FRAME_CHARS = 4 * 1024 * 1024;

/**
 * POST /_sim/fuzz/gateway-frame `{applicationId?, raw?: string, dispatch?: {t, d}}`: `raw` goes out verbatim;
 * `dispatch` goes out as `{op: 0, t, s, d}` with the session's next sequence and joins its replay buffer, as
 * a real event would. Answers `{sessions: [{id, seq}]}` (empty when no session is connected).
 * POST /_sim/fuzz/sign `{timestamp, body, applicationId?}` → `{signature}` (X-Signature-Ed25519 for that timestamp
 * and body, with that application's key: the first bot's by default).
 */
export async function handleFuzzControl(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
  const raw = await readBody(req);
  const body = isRecord(raw.json) ? raw.json : null;
  if (!body) return sendJson(res, 400, { error: 'body must be a JSON object' });
  if (url.pathname === '/_sim/fuzz/sign') {
    if (typeof body.timestamp !== 'string' || typeof body.body !== 'string') return sendJson(res, 400, { error: 'timestamp and body must be strings' });
    const applicationId = typeof body.applicationId === 'string' ? body.applicationId : (ctx.store.bots[0]?.applicationId ?? '');
    return sendJson(res, 200, { signature: ctx.signers.for(applicationId).sign(body.timestamp, body.body) });
  }
  if (url.pathname !== '/_sim/fuzz/gateway-frame') return sendJson(res, 404, { error: `no control route ${url.pathname}` });
  const dispatch = isRecord(body.dispatch) && typeof body.dispatch.t === 'string' ? { t: body.dispatch.t, d: body.dispatch.d } : null;
  if (typeof body.raw !== 'string' && !dispatch) return sendJson(res, 400, { error: 'send raw (a string) or dispatch ({t, d})' });
  if (typeof body.raw === 'string' && body.raw.length > MAX_FRAME_CHARS) return sendJson(res, 413, { error: `raw is over ${MAX_FRAME_CHARS} characters` });
  const applicationId = typeof body.applicationId === 'string' ? body.applicationId : null;
  const sessions = [...ctx.gateway.sessions.values()].filter(
    (s) => s.conn !== null && s.conn.ws.readyState === WebSocket.OPEN && (applicationId === null || s.bot.applicationId === applicationId),
  );
  for (const session of sessions) {
    if (dispatch) pushDispatch(session, dispatch.t, dispatch.d);
    else session.conn?.ws.send(body.raw as string);
  }
  sendJson(res, 200, { sessions: sessions.map((s) => ({ id: s.id, seq: s.seq })) });
}

function pushDispatch(session: Session, t: string, d: unknown): void {
  session.seq += 1;
  const event: SimDispatch = { op: GatewayOpcodes.Dispatch, t, s: session.seq, d };
  session.buffer.push(event);
  if (session.buffer.length > MAX_BUFFERED_EVENTS) session.buffer.splice(0, session.buffer.length - MAX_BUFFERED_EVENTS);
  session.conn?.ws.send(JSON.stringify(event));
}

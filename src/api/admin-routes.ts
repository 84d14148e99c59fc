// The operator and admin REST API (contract §3). Guild routes are thin: validate the request, call the
// guild's actor, shape the answer.

import { Router, type IRequest } from 'itty-router';
import { readConfig } from '../config';
import { customBotRegistry } from '../custom-bot/registry';
import { EVERY_FEATURE, installFeaturesOf, installUrl } from '../discord/install-url';
import { DiscordApiError } from '../discord/rest';
import { gatewayStatus, SHARED_APP, shardStub, startGateway } from '../gateway/control';
import { meView, userRoleIn } from '../dashboard/access';
import { changesState, isGuildAdmin, sameOrigin } from '../dashboard/session';
import { sessionUser, type SignedInUser } from '../dashboard/sign-in';
import { MAX_TOKEN_LABEL_CHARS } from '../guild/schema';
import { INSIGHTS_DEFAULT_DAYS, INSIGHTS_MAX_DAYS } from '../feedback/answer-log';
import { SETTINGS_BODY_BOUNDS } from '../guild/settings';
import { authenticateOperator, authorize, bearerToken, guildRouteOf, type Principal } from './auth';
import { errorResponse, HttpError, isRecord, json, readJsonBody, routeMiss } from './http';
import { parsePreviewBody, reviewWarnings, rulesWarnings } from './moderation-preview';
import { intParam, stringParam } from './query';
import { readKnowledgeUpload } from '../knowledge/upload';
import { addSourceRoute, getSourceRoute, listSourcesRoute, removeSourceRoute, syncSourceRoute } from '../sources/routes';
import { signingKey, verifiedLiveTicket, verifiedTokenGuild } from './tokens';
import { guildRowStats, shardRowStats } from '../stats/row-stats-route';

type Args = [Env, ExecutionContext];

const SNOWFLAKE = /^\d{15,21}$/;
const OPERATOR_ONLY_SETTINGS = ['plan', 'accountId', 'monthlyLimit'] as const;
/** Moderation log page size: `?limit=` from 1 to this (default MODERATION_LOG_PAGE_DEFAULT). */
export const MODERATION_LOG_PAGE_MAX = 200;
const MODERATION_LOG_PAGE_DEFAULT = 50;

function guildActor(env: Env, guildId: string) {
  return env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
}

function guildIdOf(request: IRequest): string {
  const guildId = request.params.guildId ?? '';
  if (!SNOWFLAKE.test(guildId)) throw new HttpError(400, 'guildId: must be a Discord snowflake id', 'guildId');
  return guildId;
}

/**
 * Who is calling: the operator (ADMIN_TOKEN), a guild token, or (on the live route only) a live ticket.
 * A token's or ticket's signature is checked here first, so a forged one never reaches (or creates) an actor.
 */
export async function authenticate(request: Request, env: Env): Promise<Principal | null> {
  const config = readConfig(env);
  // Contract §1: with no ADMIN_TOKEN configured, every /api route answers 401 (guild tokens included).
  if (!config.adminToken) return null;
  const operator = authenticateOperator(request, config.adminToken);
  if (operator) return operator;
  const key = signingKey(config);
  const token = bearerToken(request);
  if (!key) return null;
  if (!token) return liveTicketPrincipal(request, key);
  const guildId = await verifiedTokenGuild(token, key);
  if (!guildId) return null;
  const verified = await guildActor(env, guildId).verifyToken(token);
  return verified ? { kind: 'guild', guildId, role: verified.role, tokenId: verified.tokenId } : null;
}

/** Browsers cannot set headers on a WebSocket: the live route takes `?ticket=` (never a token in the URL). */
async function liveTicketPrincipal(request: Request, key: string): Promise<Principal | null> {
  const url = new URL(request.url);
  const ticket = url.pathname.endsWith('/live') ? url.searchParams.get('ticket') : null;
  const verified = ticket ? await verifiedLiveTicket(ticket, key, Date.now()) : null;
  return verified ? { kind: 'ticket', guildId: verified.guildId, ticket: verified.nonce } : null;
}

function labelOf(body: unknown): string | null {
  const label = isRecord(body) ? body.label : undefined;
  if (label === undefined || label === null) return null;
  if (typeof label !== 'string' || label.length > MAX_TOKEN_LABEL_CHARS) {
    throw new HttpError(400, `label: must be a string of at most ${MAX_TOKEN_LABEL_CHARS} characters`, 'label');
  }
  return label.trim() || null;
}

async function requireAccess(request: IRequest, env: Env): Promise<void> {
  const principal = (await authenticate(request, env)) ?? (await dashboardPrincipal(request, env));
  if (!principal) throw new HttpError(401, 'missing or invalid bearer token');
  const refusal = authorize(principal, request.method, new URL(request.url).pathname);
  if (refusal) throw new HttpError(refusal, 'this token does not open this route');
  request.principal = principal;
}

/**
 * A dashboard user signed in with Discord (contract §7): on a guild's routes they act as that guild's admin or
 * agent, exactly as a guild token of that role would. Changes need the dashboard's own Origin.
 */
async function dashboardPrincipal(request: IRequest, env: Env): Promise<Principal | null> {
  // Contract §1: with no ADMIN_TOKEN the whole API is closed, sessions included.
  if (!readConfig(env).adminToken) return null;
  const user = await sessionUser(request, env);
  if (!user) return null;
  if (changesState(request) && !sameOrigin(request)) throw new HttpError(403, 'Origin: changes must come from the dashboard itself', 'origin');
  request.dashboardUser = user;
  const pathname = new URL(request.url).pathname;
  if (pathname === '/api/me' || pathname === '/api/install') return user;
  const route = guildRouteOf(pathname);
  const role = route ? await userRoleIn(env, user, route.guildId) : null;
  if (!route || !role) throw new HttpError(403, 'you do not manage this guild');
  return { kind: 'guild', guildId: route.guildId, role, tokenId: null };
}

function mayAdminGuild(principal: Principal, guildId: string): boolean {
  if (principal.kind === 'operator') return true;
  if (principal.kind === 'guild') return principal.guildId === guildId && principal.role === 'admin';
  if (principal.kind === 'ticket') return false;
  const grant = principal.guilds.find((g) => g.id === guildId);
  return grant !== undefined && isGuildAdmin(grant);
}

function principalOf(request: IRequest): Principal {
  return request.principal as Principal;
}

export const adminRouter = Router<IRequest, Args>({ base: '/api' });

adminRouter
  .all('*', requireAccess)
  .get('/me', async (request, env) => json(await meView(env, principalOf(request))))
  .get('/guilds/:guildId/directory', async (request, env) => {
    const guildId = guildIdOf(request);
    return json(await guildActor(env, guildId).directory());
  })
  .post('/guilds/:guildId/tokens', async (request, env) => {
    const guildId = guildIdOf(request);
    const body = await readJsonBody(request);
    const role = isRecord(body) ? body.role : undefined;
    if (role !== 'admin' && role !== 'agent') throw new HttpError(400, 'role: must be "admin" or "agent"', 'role');
    const result = await guildActor(env, guildId).mintToken(role, labelOf(body));
    return result.ok ? json(result.value, 201) : errorResponse(result.status, result.error, result.field);
  })
  .get('/guilds/:guildId/tokens', async (request, env) => {
    const guildId = guildIdOf(request);
    return json({ tokens: await guildActor(env, guildId).listTokens() });
  })
  .delete('/guilds/:guildId/tokens/:tokenId', async (request, env) => {
    const guildId = guildIdOf(request);
    const tokenId = request.params.tokenId ?? '';
    if (!/^[0-9a-f]{16}$/.test(tokenId)) throw new HttpError(400, 'tokenId: must be a token id from GET .../tokens', 'tokenId');
    return (await guildActor(env, guildId).revokeToken(tokenId)) ? json({ revoked: true }) : errorResponse(404, 'token not found');
  })
  .post('/guilds/:guildId/live/ticket', async (request, env) => {
    const guildId = guildIdOf(request);
    const principal = principalOf(request);
    const grant = principal.kind === 'guild' ? { role: principal.role, tokenId: principal.tokenId } : { role: 'operator' as const, tokenId: null };
    const result = await guildActor(env, guildId).liveTicket(grant);
    return result.ok ? json({ ticket: result.value.ticket, expiresAt: new Date(result.value.expiresAt).toISOString() }, 201) : errorResponse(result.status, result.error);
  })
  .post('/gateway/start', async (_request, env) => {
    const config = readConfig(env);
    if (!config.discordToken) throw new HttpError(409, 'DISCORD_TOKEN is not set: the gateway cannot connect');
    try {
      // The operator's start is what brings the custom-bot registry into being, so a stranger's request never does.
      await customBotRegistry(env).ready();
      const shards = await startGateway(env, config, { appKey: SHARED_APP, applicationId: config.discordApplicationId, token: config.discordToken });
      return json({ started: true, shards });
    } catch (error) {
      if (error instanceof DiscordApiError) throw new HttpError(502, `Discord answered GET /gateway/bot with ${error.outcome}`);
      throw error;
    }
  })
  .post('/gateway/stop', async (_request, env) => {
    const shards = await gatewayStatus(env, SHARED_APP);
    return json({ stopped: true, shards: await Promise.all(shards.map((shard) => shardStub(env, SHARED_APP, shard.shardId).stop())) });
  })
  .get('/gateway/status', async (request, env) => {
    // ?applicationId= shows a custom bot's connection; the shared bot's by default.
    const applicationId = stringParam(request, 'applicationId', { pattern: SNOWFLAKE, description: 'a Discord snowflake id' });
    const shards = await gatewayStatus(env, applicationId ?? SHARED_APP);
    const first = shards[0]!;
    return json({
      state: first.status,
      sessionId: first.sessionId,
      sequence: first.sequence,
      lastHeartbeatAck: first.lastHeartbeatAckAt,
      latencyMs: first.latencyMs,
      shard: [first.shardId, first.shardCount],
      guildCount: shards.reduce((sum, shard) => sum + shard.guildCount, 0),
      reconnects: shards.reduce((sum, shard) => sum + shard.reconnects, 0),
      lastCloseReason: first.lastCloseReason,
      stopReason: first.stopReason,
      shards,
    });
  })
  .get('/stats/rows', async (request, env) => {
    // Operator only (not a guild route): storage rows per object since it last started; see src/stats/.
    const guildId = stringParam(request, 'guildId', { pattern: SNOWFLAKE, description: 'a Discord snowflake id' });
    return json(guildId ? await guildRowStats(env, guildId) : await shardRowStats(env));
  })
  .get('/install', async (request, env) => {
    const config = readConfig(env);
    if (!config.discordApplicationId) throw new HttpError(409, 'DISCORD_APPLICATION_ID is not set: no application to install');
    const guildId = stringParam(request, 'guildId', { pattern: SNOWFLAKE, description: 'a Discord snowflake id' }) ?? undefined;
    // With a guild one may set up, ask for what its enabled features need; otherwise for everything Herald can do.
    const features = guildId && mayAdminGuild(principalOf(request), guildId)
      ? installFeaturesOf(await guildActor(env, guildId).getSettings())
      : EVERY_FEATURE;
    const url = installUrl({ applicationId: config.discordApplicationId, features, guildId, authorizeUrl: config.discordOauthUrl });
    // The dashboard asks for JSON: a token-signed-in page cannot follow a redirect that needs its bearer header.
    if (request.headers.get('accept')?.includes('application/json')) return json({ url });
    return Response.redirect(url, 302);
  })
  .get('/guilds/:guildId/live', async (request, env) => {
    const guildId = guildIdOf(request);
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') throw new HttpError(426, 'this route is a WebSocket: send Upgrade: websocket');
    const principal = principalOf(request);
    // A dashboard user appears to other agents by their Discord name.
    const user = request.dashboardUser as SignedInUser | undefined;
    const name = (user?.username ?? stringParam(request, 'name'))?.replace(/[^\w .@-]/g, '').slice(0, 40);
    // Only what the actor needs goes along (never the caller's Authorization header, cookie or ticket URL).
    const headers = new Headers({ upgrade: 'websocket', 'x-herald-guild': guildId });
    if (name) headers.set('x-herald-agent', name);
    if (principal.kind === 'ticket') headers.set('x-herald-ticket', principal.ticket);
    else if (principal.kind === 'operator' || principal.kind === 'guild') headers.set('x-herald-role', principal.kind === 'operator' ? 'operator' : principal.role);
    if (principal.kind === 'guild' && principal.tokenId) headers.set('x-herald-token-id', principal.tokenId);
    // A dashboard session: the Worker checked it (cookie, Origin, role) just now.
    if (user) headers.set('x-herald-session', user.userId);
    const url = new URL(request.url);
    return guildActor(env, guildId).fetch(new Request(`${url.origin}${url.pathname}`, { headers }));
  })
  .post('/guilds/:guildId/proactive/send-now', async (request, env) => {
    const guildId = guildIdOf(request);
    const result = await guildActor(env, guildId).sendProactiveNow();
    return result.ok ? json({ posted: true, ...result.value }) : errorResponse(result.status, result.error);
  })
  .get('/guilds/:guildId/proactive', async (request, env) => {
    const guildId = guildIdOf(request);
    return json(await guildActor(env, guildId).proactiveStatus());
  })
  .get('/guilds/:guildId/insights', async (request, env) => {
    const guildId = guildIdOf(request);
    const days = intParam(request, 'days', { min: 1, max: INSIGHTS_MAX_DAYS, fallback: INSIGHTS_DEFAULT_DAYS });
    return json(await guildActor(env, guildId).insights(days));
  })
  .get('/guilds/:guildId/usage', async (request, env) => {
    const guildId = guildIdOf(request);
    return json(await guildActor(env, guildId).usage());
  })
  .get('/guilds/:guildId/moderation-log', async (request, env) => {
    const guildId = guildIdOf(request);
    const limit = intParam(request, 'limit', { min: 1, max: MODERATION_LOG_PAGE_MAX, fallback: MODERATION_LOG_PAGE_DEFAULT });
    const before = intParam(request, 'before', { min: 1, max: Number.MAX_SAFE_INTEGER });
    return json(await guildActor(env, guildId).moderationLog(limit, before));
  })
  .post('/guilds/:guildId/moderation-log/:id/reverse', async (request, env) => {
    const guildId = guildIdOf(request);
    const id = /^\d{1,15}$/.test(request.params.id ?? '') ? Number(request.params.id) : NaN;
    if (!Number.isSafeInteger(id)) throw new HttpError(400, 'id: must be an entry id', 'id');
    const result = await guildActor(env, guildId).reverseModeration(id);
    return result.ok ? json(result.value) : errorResponse(result.status, result.error);
  })
  .post('/guilds/:guildId/moderation/preview', async (request, env) => {
    const guildId = guildIdOf(request);
    const { rules, message } = parsePreviewBody(await readJsonBody(request));
    return json(await guildActor(env, guildId).previewModeration(rules, message));
  })
  .get('/guilds/:guildId/conversations', async (request, env) => {
    const guildId = guildIdOf(request);
    return json({ conversations: await guildActor(env, guildId).listConversations() });
  })
  .get('/guilds/:guildId/settings', async (request, env) => json(await guildActor(env, guildIdOf(request)).getSettings()))
  .patch('/guilds/:guildId/settings', async (request, env) => {
    const guildId = guildIdOf(request);
    const body = await readJsonBody(request, SETTINGS_BODY_BOUNDS);
    // Billing is the operator's: a guild's own admin token may not change its plan, account or cap.
    if (principalOf(request).kind !== 'operator' && isRecord(body)) {
      const field = OPERATOR_ONLY_SETTINGS.find((name) => name in body);
      if (field) return errorResponse(403, `${field}: only the operator may change this setting`, field);
    }
    const result = await guildActor(env, guildId).patchSettings(body);
    if (!result.ok) return errorResponse(result.status, result.error, result.field);
    const moderation = result.value.moderation;
    const model = readConfig(env).openaiApiKey !== null;
    const warnings = isRecord(body) && isRecord(body.moderation) ? [...rulesWarnings(moderation.rules, moderation.enabled, model), ...reviewWarnings(moderation.review, moderation.enabled, model)] : [];
    return json(warnings.length > 0 ? { ...result.value, warnings } : result.value);
  })
  .get('/guilds/:guildId/knowledge/sources', (request, env) => listSourcesRoute(request, env, guildIdOf(request)))
  .post('/guilds/:guildId/knowledge/sources', (request, env) => addSourceRoute(request, env, guildIdOf(request)))
  .get('/guilds/:guildId/knowledge/sources/:sourceId', (request, env) => getSourceRoute(request, env, guildIdOf(request)))
  .delete('/guilds/:guildId/knowledge/sources/:sourceId', (request, env) => removeSourceRoute(request, env, guildIdOf(request)))
  .post('/guilds/:guildId/knowledge/sources/:sourceId/sync', (request, env) => syncSourceRoute(request, env, guildIdOf(request)))
  .get('/guilds/:guildId/knowledge', async (request, env) => {
    const guildId = guildIdOf(request);
    return json({ documents: await guildActor(env, guildId).listKnowledge() });
  })
  .post('/guilds/:guildId/knowledge', async (request, env) => {
    const guildId = guildIdOf(request);
    const { title, content } = await readKnowledgeUpload(request);
    const result = await guildActor(env, guildId).addKnowledge({ title, content });
    return result.ok ? json(result.value, 201) : errorResponse(result.status, result.error, result.field);
  })
  .get('/guilds/:guildId/knowledge/:docId', async (request, env) => {
    const guildId = guildIdOf(request);
    const document = await guildActor(env, guildId).getKnowledge(request.params.docId ?? '');
    return document ? json(document) : errorResponse(404, 'document not found');
  })
  .delete('/guilds/:guildId/knowledge/:docId', async (request, env) => {
    const guildId = guildIdOf(request);
    const removed = await guildActor(env, guildId).deleteKnowledge(request.params.docId ?? '');
    return removed ? json({ deleted: true }) : errorResponse(404, 'document not found');
  })
  .all('*', (request) => routeMiss(adminRouter.routes, request.method, new URL(request.url).pathname));

// Admin routes of web sources (contract §3): GET/POST .../knowledge/sources, GET/DELETE .../sources/:sourceId,
// POST .../sources/:sourceId/sync. Admin only: agent tokens get 403 from authorize() like every knowledge route.
// The admin router passes the guild id it validated.

import type { IRequest } from 'itty-router';
import { errorResponse, HttpError, json, readJsonBody } from '../api/http';
import { parseSourceInput } from './source-input';

/** Source ids are the UUIDs Herald gave them; anything else cannot be one. */
const SOURCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A source's POST body is tiny; anything near this is not one. */
const MAX_SOURCE_BODY_BYTES = 16 * 1024;

function guildActor(env: Env, guildId: string) {
  return env.GUILD_ACTOR.get(env.GUILD_ACTOR.idFromName(guildId));
}

function sourceIdOf(request: IRequest): string | null {
  const id = request.params.sourceId ?? '';
  return SOURCE_ID.test(id) ? id : null;
}

export async function listSourcesRoute(request: IRequest, env: Env, guildId: string): Promise<Response> {
  return json({ sources: await guildActor(env, guildId).listSources() });
}

export async function addSourceRoute(request: IRequest, env: Env, guildId: string): Promise<Response> {
  const parsed = parseSourceInput(await readJsonBody(request, { limit: MAX_SOURCE_BODY_BYTES }));
  if (!parsed.ok) throw new HttpError(400, `${parsed.field}: ${parsed.error}`, parsed.field);
  const result = await guildActor(env, guildId).addSource(parsed.value);
  return result.ok ? json(result.value, 201) : errorResponse(result.status, result.error, result.field);
}

export async function getSourceRoute(request: IRequest, env: Env, guildId: string): Promise<Response> {
  const id = sourceIdOf(request);
  const source = id ? (await guildActor(env, guildId).listSources()).find((s) => s.id === id) : undefined;
  return source ? json(source) : errorResponse(404, 'source not found');
}

export async function removeSourceRoute(request: IRequest, env: Env, guildId: string): Promise<Response> {
  const id = sourceIdOf(request);
  const removed = id ? await guildActor(env, guildId).removeSource(id) : null;
  return removed ? json({ deleted: true, documents: removed.documents }) : errorResponse(404, 'source not found');
}

export async function syncSourceRoute(request: IRequest, env: Env, guildId: string): Promise<Response> {
  const id = sourceIdOf(request);
  const source = id ? await guildActor(env, guildId).syncSource(id) : null;
  // 202: the fetch runs on the guild's timer right after this answer; GET the source for its progress.
  return source ? json(source, 202) : errorResponse(404, 'source not found');
}

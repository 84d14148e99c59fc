// The Worker: health check, Discord interactions, the admin API (itty-router), dashboard sign-in, and the
// dashboard's static files. Durable Object classes are exported from here so wrangler can bind them.

import { adminRouter } from './api/admin-routes';
import { errorResponse, HttpError, json, methodNotAllowed } from './api/http';
import { handleInteraction } from './api/interactions';
import { handleAuth } from './dashboard/sign-in';
import { logError } from './log';

export { CustomBotRegistry } from './actors/custom-bot-registry';
export { DashboardSessions } from './actors/dashboard-sessions';
export { GatewayShard } from './actors/gateway-shard';
export { GuildActor } from './actors/guild-actor';
export { UsageLedger } from './actors/usage-ledger';

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/healthz') return request.method === 'GET' || request.method === 'HEAD' ? json({ ok: true }) : methodNotAllowed(request.method, ['GET', 'HEAD']);
      const interactions = /^\/discord\/interactions(?:\/(\d+))?\/?$/.exec(url.pathname);
      if (interactions && request.method !== 'POST') return methodNotAllowed(request.method, ['POST']);
      if (interactions) return await handleInteraction(request, env, interactions[1] ?? null);
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        const response: unknown = await adminRouter.fetch(request, env, ctx);
        return response instanceof Response ? response : errorResponse(404, 'no such route');
      }
      if (url.pathname.startsWith('/auth/')) return await handleAuth(request, env);
      if (url.pathname.startsWith('/discord/')) return errorResponse(404, `no such route: ${url.pathname}`);
      if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(request.method, ['GET', 'HEAD']);
      const asset = await env.ASSETS.fetch(request);
      // A path that is neither a route nor a dashboard file is a JSON 404 like every other miss.
      return asset.status === 404 ? errorResponse(404, `no such route: ${url.pathname}`) : asset;
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error.status, error.message, error.field);
      logError('Worker.fetch', error, { path: url.pathname, method: request.method });
      return errorResponse(500, 'internal error');
    }
  },
} satisfies ExportedHandler<Env>;

// The Worker: health check, the admin API (itty-router) and, later, Discord interactions and the agents'
// WebSocket. Durable Object classes are exported from here so wrangler can bind them.

import { adminRouter } from './api/admin-routes';
import { errorResponse, HttpError, json } from './api/http';
import { handleInteraction } from './api/interactions';
import { logError } from './log';

export { CustomBotRegistry } from './actors/custom-bot-registry';
export { GatewayShard } from './actors/gateway-shard';
export { GuildActor } from './actors/guild-actor';
export { UsageLedger } from './actors/usage-ledger';

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/healthz') return json({ ok: true });
      const interactions = /^\/discord\/interactions(?:\/(\d+))?\/?$/.exec(url.pathname);
      if (interactions) return await handleInteraction(request, env, interactions[1] ?? null);
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        const response: unknown = await adminRouter.fetch(request, env, ctx);
        return response instanceof Response ? response : errorResponse(404, 'no such route');
      }
      return errorResponse(404, 'no such route');
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error.status, error.message, error.field);
      logError('Worker.fetch', error, { path: url.pathname, method: request.method });
      return errorResponse(500, 'internal error');
    }
  },
} satisfies ExportedHandler<Env>;

// Unknown paths answer 404 and known paths with a wrong method 405 with an Allow header; always JSON.

import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api } from './support';

const GUILD = '300000000000000072';

describe('unknown routes and wrong methods', () => {
  it.each([
    ['GET', '/api/nothing-here'],
    ['GET', `/api/guilds/${GUILD}/nothing-here`],
    ['POST', '/api'],
    ['GET', '/nothing-here'],
    ['GET', '/discord/nothing-here'],
  ])('%s %s is a JSON 404', async (method, path) => {
    const response = await api(path, { method });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ error: expect.any(String) });
  });

  it.each([
    ['DELETE', `/api/guilds/${GUILD}/settings`, 'GET, PATCH'],
    ['PUT', `/api/guilds/${GUILD}/knowledge`, 'GET, POST'],
    ['GET', '/api/gateway/start', 'POST'],
    ['POST', '/api/gateway/status', 'GET'],
    ['PUT', `/api/guilds/${GUILD}/knowledge/doc-1`, 'GET, DELETE'],
  ])('%s %s is a JSON 405 allowing %s', async (method, path, allow) => {
    const response = await api(path, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(await response.json()).toMatchObject({ error: expect.stringContaining(method) });
  });

  it.each([
    ['POST', '/healthz', 'GET, HEAD'],
    ['GET', '/discord/interactions', 'POST'],
    ['PUT', '/discord/interactions/100000000000000777', 'POST'],
  ])('%s %s (outside /api, no token needed) is a JSON 405 allowing %s', async (method, path, allow) => {
    const response = await SELF.fetch(`http://herald.test${path}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expect(await response.json()).toMatchObject({ error: expect.any(String) });
  });

  it('still asks for a token before telling an unknown /api route apart', async () => {
    const response = await api('/api/nothing-here', { token: null });
    expect(response.status).toBe(401);
  });
});

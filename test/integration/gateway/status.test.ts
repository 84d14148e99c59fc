// GET /api/gateway/status: the shared bot's connection by default, a custom bot's with ?applicationId=.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startGatewayAndWait, stopGateway } from '../support';

describe('gateway status', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it("reports the shared bot's state, session, sequence, heartbeat ACK, shard and guild count", async () => {
    const status = await (await api('/api/gateway/status')).json<Record<string, unknown>>();
    expect(status).toMatchObject({ state: 'ready', shard: [0, 1] });
    expect(status.sessionId).toEqual(expect.any(String));
    expect(status.sequence).toEqual(expect.any(Number));
    expect(status.guildCount).toEqual(expect.any(Number));
    expect(status).toHaveProperty('lastHeartbeatAck');
  });

  it('shows an application that never connected as idle, and rejects a malformed id', async () => {
    const idle = await (await api('/api/gateway/status?applicationId=100000000000000999')).json<{ state: string }>();
    expect(idle.state).toBe('idle');
    const bad = await api('/api/gateway/status?applicationId=not-an-id');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'applicationId' });
  });
});

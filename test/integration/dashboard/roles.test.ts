// Who a signed-in member is in a guild (contract §7): admin with Manage Server, agent with a role in
// agentRoleIds (asked of Discord with the bot token), nobody otherwise (403).

import { beforeAll, describe, expect, it } from 'vitest';
import { addSimMember, addSimRole, createGuild, patchSettings, startGatewayAndWait, waitFor, type SimGuildInfo } from '../support';
import { asUser, signInAs } from './support';

const MANAGER = '200000000000007001';
const AGENT = '200000000000007002';
const MEMBER = '200000000000007003';
const MANAGE_GUILD = (1n << 5n).toString();

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Roles Guild');
  const support = await addSimRole(guild.id, { name: 'Support' });
  await addSimMember(guild.id, { id: MANAGER, username: 'manager', permissions: MANAGE_GUILD });
  await addSimMember(guild.id, { id: AGENT, username: 'agent', roles: [support.id] });
  await addSimMember(guild.id, { id: MEMBER, username: 'member' });
  await patchSettings(guild.id, { agentRoleIds: [support.id] });
});

type Me = { guilds: { id: string; role: string }[] };

async function meOf(session: string): Promise<Me> {
  return waitFor(async () => {
    const me = await (await asUser(session, '/api/me')).json<Me>();
    return me;
  }, '/api/me');
}

describe('dashboard roles', () => {
  it('Manage Server makes a member admin of the guild', async () => {
    const session = await signInAs(MANAGER);
    expect((await meOf(session)).guilds).toContainEqual(expect.objectContaining({ id: guild.id, role: 'admin' }));
    expect((await asUser(session, `/api/guilds/${guild.id}/settings`)).status).toBe(200);
  });

  it('a role in agentRoleIds makes a member agent: live and conversations only', async () => {
    const session = await signInAs(AGENT);
    await waitFor(async () => (await meOf(session)).guilds.some((g) => g.id === guild.id && g.role === 'agent'), 'agent role');
    expect((await asUser(session, `/api/guilds/${guild.id}/conversations`)).status).toBe(200);
    expect((await asUser(session, `/api/guilds/${guild.id}/settings`)).status).toBe(403);
    expect((await asUser(session, `/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { responseMode: 'all' } })).status).toBe(403);
  });

  it('a member without rights gets no guild and 403 everywhere', async () => {
    const session = await signInAs(MEMBER);
    expect((await meOf(session)).guilds.find((g) => g.id === guild.id)).toBeUndefined();
    expect((await asUser(session, `/api/guilds/${guild.id}/conversations`)).status).toBe(403);
    expect((await asUser(session, `/api/guilds/${guild.id}/settings`)).status).toBe(403);
  });

  it('nobody reaches another guild or the operator routes', async () => {
    const session = await signInAs(MANAGER);
    expect((await asUser(session, '/api/guilds/300000000000000999/settings')).status).toBe(403);
    expect((await asUser(session, '/api/gateway/status')).status).toBe(403);
  });
});

// POST /api/guilds/:id/moderation/preview (contract §3): how Herald reads the rules and what it would do with
// a message. It acts on nothing and counts nothing: no REST call to Discord, no log entry, usage unchanged.
// Bad input is a 400 naming the field; an agent token gets 403. Saving model-only rules without a model warns.

import { beforeAll, describe, expect, it } from 'vitest';
import { api, calls, createGuild, enableModeration, moderationLog, usageOf, type SimGuildInfo } from '../support';

const RULES = 'No crypto scams. Banned words: crypto-scam, free-nitro\nno invites => timeout';
const MEMBER_ID = '200000000000014101';

let guild: SimGuildInfo;

function preview(body: unknown, token?: string) {
  return api(`/api/guilds/${guild.id}/moderation/preview`, { body, token });
}

async function guildCalls(): Promise<number> {
  return (await calls()).filter((call) => call.path.includes(guild.id) || guild.channels.some((c) => call.path.includes(c.id))).length;
}

beforeAll(async () => {
  guild = await createGuild('Moderation Preview Guild');
  await enableModeration(guild.id, { rules: RULES, actions: { delete: true, warn: true, timeout: true } });
});

describe('moderation preview', () => {
  it('reads the stored rules: kind, offline, action', async () => {
    const response = await preview({});
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      rules: [
        { text: 'No crypto scams.', kind: 'ai', offline: false, action: null },
        { text: 'Banned words: crypto-scam, free-nitro', kind: 'banned-words', offline: true, action: 'delete' },
        { text: 'no invites => timeout', kind: 'invites', offline: true, action: 'timeout' },
      ],
    });
  });

  it('decides on a message and acts on nothing: no Discord call, no log entry, no usage', async () => {
    const usageBefore = await usageOf(guild.id);
    const callsBefore = await guildCalls();
    const response = await preview({ message: { content: 'join discord.gg/freestuff now', userId: MEMBER_ID } });
    expect(response.status).toBe(200);
    const body = await response.json<{ decision: { action: string; rule: string; reason: string } }>();
    expect(body.decision).toMatchObject({ action: 'timeout', rule: 'no invites => timeout' });
    expect(body.decision.reason).toContain('invite');

    const edited = await preview({ rules: 'banned words: hello', message: { content: 'HeLLo there', roleIds: [] } });
    expect((await edited.json<{ decision: { action: string } }>()).decision.action).toBe('delete');

    expect(await guildCalls()).toBe(callsBefore);
    expect(await moderationLog(guild.id)).toEqual([]);
    expect(await usageOf(guild.id)).toEqual(usageBefore);
  });

  it.each([
    [{ rules: 5 }, 'rules'],
    [{ message: 'hi' }, 'message'],
    [{ message: { content: 3 } }, 'message.content'],
    [{ message: { content: 'x'.repeat(4_001) } }, 'message.content'],
    [{ message: { content: 'x', userId: 'bob' } }, 'message.userId'],
    [{ message: { content: 'x', roleIds: ['1'] } }, 'message.roleIds'],
    [{ message: { content: 'x', colour: 'red' } }, 'message.colour'],
    [{ nope: true }, 'nope'],
  ])('%j → 400 naming %s', async (body, field) => {
    const response = await preview(body);
    expect(response.status).toBe(400);
    expect((await response.json<{ error: string }>()).error.startsWith(`${field}:`)).toBe(true);
  });

  it('an agent token may not use it (403)', async () => {
    const minted = await api(`/api/guilds/${guild.id}/tokens`, { body: { role: 'agent' } });
    const { token } = await minted.json<{ token: string }>();
    expect((await preview({}, token)).status).toBe(403);
  });

  it('saving rules only a model can judge, without a model, answers with a warning beside the settings', async () => {
    const saved = await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { moderation: { rules: 'Be kind.\nno links' } } });
    expect(saved.status).toBe(200);
    const body = await saved.json<{ moderation: { rules: string }; warnings?: string[] }>();
    expect(body.moderation.rules).toBe('Be kind.\nno links');
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings![0]).toContain('"Be kind."');

    const clean = await api(`/api/guilds/${guild.id}/settings`, { method: 'PATCH', body: { moderation: { rules: 'no links' } } });
    expect(await clean.json()).not.toHaveProperty('warnings');
  });
});

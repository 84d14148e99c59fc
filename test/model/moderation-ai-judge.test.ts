// The AI moderation layer: with a rule in the owner's own words ("- No slurs") and delete enabled, the model
// judges each member message with a structured-output request. The rules are in the system prompt, the
// member's text only in the user message. A violating message is deleted (log source "ai"), a clean one is not.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuild,
  drainConversation,
  enableModeration,
  memberSays,
  messageDeletes,
  moderationLog,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../integration/support';
import { isStructured, modelRequests, systemPrompt, textOf, userMessages, type ModelRequest } from './support';

const RULES = '- No slurs';
const OFFENDER = { userId: '200000000000004301', username: 'offender-ai' };
const NICE = { userId: '200000000000004302', username: 'nice-ai' };
const BAD = 'you are such a slurword, honestly';
const CLEAN = 'what a lovely day for a picnic';

let guild: SimGuildInfo;

/** Moderation judgements (structured requests with a <rules> block) whose user message contains `text`. */
async function judgementsOf(text: string): Promise<ModelRequest[]> {
  return (await modelRequests()).filter((r) => isStructured(r) && systemPrompt(r).includes('<rules>') && userMessages(r).some((m) => m.includes(text)));
}

async function waitForJudgement(text: string): Promise<ModelRequest> {
  const found = await waitFor(async () => {
    const requests = await judgementsOf(text);
    return requests.length ? requests : null;
  }, `the moderation judgement of "${text}"`);
  return found[0]!;
}

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Model Moderation Judge Guild');
  await enableModeration(guild.id, { rules: RULES, actions: { delete: true } });
});
afterAll(stopGateway);

describe('the AI moderation judge', () => {
  it('deletes a message breaking a free-text rule, logged with source "ai"', async () => {
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, BAD, OFFENDER);
    const entry = await waitForModerationEntry(guild.id, message.id, 15_000);
    expect(entry).toMatchObject({ action: 'delete', userId: OFFENDER.userId, channelId, messageId: message.id, content: BAD, outcome: 'done', source: 'ai' });
    expect(entry.rule).toContain('No slurs');
    await waitFor(async () => (await messageDeletes(channelId, message.id)).length === 1, 'the DELETE of the message');
    const [deletion] = await messageDeletes(channelId, message.id);
    expect(decodeURIComponent(deletion!.headers['x-audit-log-reason'] ?? '')).toContain('No slurs');
  });

  it('sends the rules in the system prompt and the member text only in the user message', async () => {
    const judgement = await waitForJudgement(BAD);
    expect(judgement.response_format?.type).toBe('json_schema');
    const system = judgement.messages.filter((m) => m.role === 'system' || m.role === 'developer');
    expect(system).toHaveLength(1);
    const prompt = systemPrompt(judgement);
    expect(prompt).toMatch(/<rules>\s*- No slurs\s*<\/rules>/);
    expect(prompt).not.toContain('slurword');
    for (const message of judgement.messages) {
      if (message.role !== 'user') expect(textOf(message), `${message.role} message`).not.toContain('slurword');
    }
    expect(userMessages(judgement).join('\n')).toContain(BAD);
  });

  it('leaves a clean message alone', async () => {
    const channelId = guild.channels[0]!.id;
    const message = await memberSays(guild, CLEAN, NICE);
    const judgement = await waitForJudgement(CLEAN);
    expect(systemPrompt(judgement)).toContain('- No slurs');
    await drainConversation(guild, NICE, channelId);
    expect(await messageDeletes(channelId, message.id)).toHaveLength(0);
    expect((await moderationLog(guild.id)).filter((entry) => entry.messageId === message.id)).toEqual([]);
  });
});

// The AI judge's decision is logged with the owner's rule word for word: the rule line it quoted
// ("- No slurs", among other rules), not the model's paraphrase. Only the rules in the owner's own words
// go to the model; lines Herald enforces itself ("banned words: …") do not.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuild,
  enableModeration,
  memberSays,
  startGatewayAndWait,
  stopGateway,
  waitFor,
  waitForModerationEntry,
  type SimGuildInfo,
} from '../integration/support';
import { isStructured, modelRequests, systemPrompt, userMessages } from './support';

const RULES = ['# our rules', 'banned words: free nitro', '- Be kind to everyone.', '- No slurs', '- Keep it on topic.'].join('\n');
const OFFENDER = { userId: '200000000000004401', username: 'offender-quotes' };
const BAD = 'Slurwords everywhere, deal with it';

let guild: SimGuildInfo;

beforeAll(async () => {
  await startGatewayAndWait();
  guild = await createGuild('Model Moderation Quotes Guild');
  await enableModeration(guild.id, { rules: RULES });
});
afterAll(stopGateway);

describe('AI judgements quote the owner\'s rule', () => {
  it('logs the exact rule line, source "ai", and the original message', async () => {
    const message = await memberSays(guild, BAD, OFFENDER);
    const entry = await waitForModerationEntry(guild.id, message.id, 15_000);
    expect(entry).toMatchObject({ action: 'delete', source: 'ai', content: BAD, outcome: 'done' });
    expect(entry.rule).toContain('No slurs');
    expect(RULES.split('\n')).toContain(entry.rule);
    expect(entry.reason.length).toBeGreaterThan(0);

    const [judgement] = await waitFor(async () => {
      const found = (await modelRequests()).filter((r) => isStructured(r) && systemPrompt(r).includes('<rules>') && userMessages(r).some((m) => m.includes(BAD)));
      return found.length ? found : null;
    }, 'the moderation judgement');
    const prompt = systemPrompt(judgement!);
    for (const rule of ['Be kind to everyone.', 'No slurs', 'Keep it on topic.']) expect(prompt).toContain(`- ${rule}`);
    expect(prompt).not.toContain('free nitro');
    expect(prompt).not.toContain('# our rules');
  });
});

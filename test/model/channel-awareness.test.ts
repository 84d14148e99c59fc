// Channel awareness (responseMode all, smartMode off): the question is sent with the channel's recent
// conversation in a <channel> block, the question itself last after "My question:". Without channel
// awareness the member's question is sent alone.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, createGuild, memberSays, patchSettings, replyContent, startGatewayAndWait, stopGateway, type SimGuildInfo } from '../integration/support';
import { lastUserMessage, requestMark, requestsSince, type ModelRequest } from './support';

const DASHBOARD = {
  title: 'Dashboard troubleshooting',
  content: 'If the dashboard shows a blank page, clear the browser cache and sign in again. Charts refresh every five minutes.',
};
const CAROL = { userId: '200000000000000721', username: 'carol-aware' };
const DAVE = { userId: '200000000000000722', username: 'dave-aware' };
const CAROL_LINE = 'my dashboard went blank after the update this morning';
const DAVE_LINE = 'same here, the charts are empty too';
const QUESTION = 'how do I fix the blank dashboard?';

async function onlyRequestSince(mark: number): Promise<ModelRequest> {
  const requests = await requestsSince(mark);
  expect(requests, 'model requests for one message').toHaveLength(1);
  return requests[0]!;
}

/** A member says `text` in the guild's first channel and the bot (mode all, no smart mode) answers it. */
async function sayAndWait(guild: SimGuildInfo, text: string, who: { userId: string; username: string }): Promise<ModelRequest> {
  const mark = await requestMark();
  const message = await memberSays(guild, text, who);
  await replyContent(message.id);
  return onlyRequestSince(mark);
}

describe('channel awareness through the model', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('sends the channel conversation, other members included, before "My question:"', async () => {
    const guild = await createGuild('Model Channel Aware Guild');
    expect(await patchSettings(guild.id, { responseMode: 'all', smartMode: false, channelAwareness: true })).toMatchObject({
      responseMode: 'all',
      smartMode: false,
      channelAwareness: true,
    });
    await addKnowledge(guild.id, DASHBOARD);

    await sayAndWait(guild, CAROL_LINE, CAROL);
    await sayAndWait(guild, DAVE_LINE, DAVE);
    const request = await sayAndWait(guild, QUESTION, CAROL);

    const last = lastUserMessage(request);
    expect(last).toContain('<channel>');
    expect(last).toContain('</channel>');
    const transcript = /<channel>\n([\s\S]*?)\n<\/channel>/.exec(last)?.[1] ?? '';
    // The other member's earlier line, and Carol's own, in the order they were said.
    expect(transcript).toContain(`<message role="member" author="${DAVE.username}">\n${DAVE_LINE}\n</message>`);
    expect(transcript).toContain(`<message role="member" author="${CAROL.username}">\n${CAROL_LINE}\n</message>`);
    expect(transcript.indexOf(CAROL_LINE)).toBeLessThan(transcript.indexOf(DAVE_LINE));
    // The question being answered is not repeated inside the transcript: it comes last, after the label.
    expect(transcript).not.toContain(QUESTION);
    expect(last.endsWith(`My question: ${QUESTION}`)).toBe(true);
  });

  it('without channel awareness the question is sent alone', async () => {
    const guild = await createGuild('Model Channel Unaware Guild');
    expect(await patchSettings(guild.id, { responseMode: 'all', smartMode: false, channelAwareness: false })).toMatchObject({
      responseMode: 'all',
      smartMode: false,
      channelAwareness: false,
    });
    await addKnowledge(guild.id, DASHBOARD);

    await sayAndWait(guild, CAROL_LINE, CAROL);
    await sayAndWait(guild, DAVE_LINE, DAVE);
    const request = await sayAndWait(guild, QUESTION, CAROL);

    const serialized = JSON.stringify(request.messages);
    expect(serialized).not.toContain('<channel>');
    expect(serialized).not.toContain(DAVE_LINE);
    expect(lastUserMessage(request)).toBe(QUESTION);
  });
});

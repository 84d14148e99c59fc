// With OPENAI_API_KEY set, answers come from the model (a local OpenAI-compatible fake), grounded in the
// retrieved passages that the prompt carries.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { api, createGuild, exactReplies, memberSays, startGatewayAndWait, stopGateway, TEST_BOT } from '../integration/support';

interface RecordedChatRequest {
  model: string;
  messages: { role: string; content: string }[];
}

async function modelRequests(): Promise<RecordedChatRequest[]> {
  const base = inject('fakeOpenAIUrl').replace(/\/v1$/, '');
  return (await fetch(`${base}/_fake/requests`)).json();
}

describe('answers from the model', () => {
  beforeAll(startGatewayAndWait);
  afterAll(stopGateway);

  it('sends the retrieved passages to the model and replies with its grounded answer', async () => {
    const guild = await createGuild('Model Guild');
    await api(`/api/guilds/${guild.id}/knowledge`, {
      body: { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase. Contact billing with your order number.' },
    });
    const question = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`);
    const [reply] = await exactReplies(guild, question);
    expect((reply!.body as { content: string }).content).toBe('According to "Refund policy": Refunds are issued within 14 days of purchase.');

    // The fake model is shared by the project's files: the latest such request is this test's.
    const request = (await modelRequests()).filter((r) => r.messages.some((m) => m.role === 'user' && m.content === 'how do refunds work?')).at(-1);
    expect(request).toBeDefined();
    expect(request!.model).toBe('fake-model');
    const system = request!.messages.find((m) => m.role === 'system')!.content;
    expect(system).toContain('[1] Title: Refund policy');
  });
});

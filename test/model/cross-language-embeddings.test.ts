// With a model, retrieval is hybrid: a German question finds an English document through the embeddings
// (`/embeddings` of the OpenAI-compatible server), the passage is in the model's prompt, and the model is told
// to answer in the member's language. When the embeddings fail, full-text alone still answers, and the next
// questions skip embeddings for a while (EMBEDDING_PAUSE_MS).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKnowledge, createGuild, memberSays, replyContent, startGatewayAndWait, stopGateway, TEST_BOT, type SimGuildInfo } from '../integration/support';
import { fakeOrigin, requestMark, requestsSince, resetModel, steerModel, systemPrompt } from './support';

const REFUNDS = { title: 'Refund policy', content: 'Refunds are issued within 14 days of purchase to the original payment method.' };
const SHIPPING = { title: 'Shipping', content: 'Orders ship from our warehouse in Rotterdam within two business days.' };
const GERMAN = 'Wie bekomme ich eine Rückerstattung?';
const GERMAN_ANSWER = 'Rückerstattungen erfolgen innerhalb von 14 Tagen. Source: Refund policy';

interface EmbeddingRequestJson {
  model: string;
  input: string[];
}

async function embeddingRequests(): Promise<EmbeddingRequestJson[]> {
  const response = await fetch(`${fakeOrigin()}/_fake/embeddings`);
  return response.json<EmbeddingRequestJson[]>();
}

async function failEmbeddings(fail: boolean): Promise<void> {
  const response = await fetch(`${fakeOrigin()}/_fake/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fail }) });
  expect(response.status).toBe(200);
}

describe('hybrid retrieval with a model', () => {
  let guild: SimGuildInfo;

  beforeAll(async () => {
    await startGatewayAndWait();
    await resetModel();
    guild = await createGuild('Cross Language Guild');
    await addKnowledge(guild.id, REFUNDS);
    await addKnowledge(guild.id, SHIPPING);
  });
  afterAll(async () => {
    await resetModel();
    await stopGateway();
  });

  it('finds the English document for a German question and asks for an answer in German', async () => {
    // Like a real model: answers in the member's language from the passage it was given.
    await steerModel((request) => (!request.structured && request.system.includes('Title: Refund policy') ? 'Rückerstattungen erfolgen innerhalb von 14 Tagen. Source: Refund policy' : null));
    const mark = await requestMark();
    const message = await memberSays(guild, `<@${TEST_BOT.userId}> ${GERMAN}`, { userId: '200000000000001501', username: 'greta' });
    expect(await replyContent(message.id)).toBe(GERMAN_ANSWER);

    const [answerRequest] = (await requestsSince(mark)).filter((request) => request.response_format === null);
    const system = systemPrompt(answerRequest!);
    expect(system).toContain('[1] Title: Refund policy');
    expect(system).not.toContain('Rotterdam');
    expect(system).toContain("Answer in the language of the member's latest message");

    // The passages were embedded (once each), and so was the question.
    const inputs = (await embeddingRequests()).flatMap((request) => request.input);
    expect(inputs).toContain(GERMAN);
    expect(inputs.filter((input) => input.startsWith('Refund policy\n'))).toHaveLength(1);
  });

  it('falls back to full-text when the embeddings fail', async () => {
    await resetModel();
    await failEmbeddings(true);
    const mark = await requestMark();
    const message = await memberSays(guild, `<@${TEST_BOT.userId}> how do refunds work?`, { userId: '200000000000001502', username: 'frank' });
    expect(await replyContent(message.id)).toBe('According to "Refund policy": Refunds are issued within 14 days of purchase to the original payment method.');
    const [answerRequest] = (await requestsSince(mark)).filter((request) => request.response_format === null);
    expect(systemPrompt(answerRequest!)).toContain('[1] Title: Refund policy');
    expect((await embeddingRequests()).length).toBeGreaterThan(0);
  });

  it('asks for no embeddings for a while after they failed', async () => {
    await resetModel();
    await failEmbeddings(true);
    const message = await memberSays(guild, `<@${TEST_BOT.userId}> when do refunds arrive?`, { userId: '200000000000001503', username: 'gina' });
    expect(await replyContent(message.id)).toContain('Refund policy');
    expect(await embeddingRequests()).toEqual([]);
  });
});

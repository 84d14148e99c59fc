// The fake OpenAI server's `/embeddings`, driven by the real `ai` SDK: deterministic vectors in which a German
// or Polish question lands near the English text it means, validated and authenticated like OpenAI's endpoint.
import { createOpenAI } from '@ai-sdk/openai';
import { embed, embedMany } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';

const API_KEY = 'sk-test-fake-key';

function cosine(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
}

describe('fake OpenAI /embeddings', () => {
  let fake: FakeOpenAI;
  let model: ReturnType<ReturnType<typeof createOpenAI>['embedding']>;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: API_KEY });
    model = createOpenAI({ apiKey: API_KEY, baseURL: fake.url }).embedding('text-embedding-3-small');
  });
  afterAll(() => fake.close());

  it('gives the same unit vector for the same text', async () => {
    const { embeddings } = await embedMany({ model, values: ['How do refunds work?', 'How do refunds work?'] });
    expect(embeddings[0]).toEqual(embeddings[1]);
    expect(cosine(embeddings[0]!, embeddings[0]!)).toBeCloseTo(1);
  });

  it('puts a German and a Polish question near the English passage they mean, and far from another', async () => {
    const { embeddings } = await embedMany({
      model,
      values: [
        'Refund policy: refunds are issued within 14 days to the original payment method.',
        'Wie bekomme ich eine Rückerstattung?',
        'Jak otrzymać zwrot pieniędzy?',
        'Orders ship from our warehouse in Rotterdam.',
      ],
    });
    const [refunds, german, polish, shipping] = embeddings as [number[], number[], number[], number[]];
    expect(cosine(german, refunds)).toBeGreaterThan(0.3);
    expect(cosine(polish, refunds)).toBeGreaterThan(0.3);
    expect(cosine(german, shipping)).toBeLessThan(0.1);
  });

  it('refuses an empty input and a missing key like OpenAI', async () => {
    const empty = await fetch(`${fake.url}/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: [] }),
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { param: string } }).error.param).toBe('input');
    const anonymous = await fetch(`${fake.url}/embeddings`, { method: 'POST', body: JSON.stringify({ model: 'x', input: 'hi' }) });
    expect(anonymous.status).toBe(401);
  });

  it('fails embeddings alone on request, and records their inputs', async () => {
    await fetch(`${fake.origin}/_fake/embeddings`, { method: 'POST', body: JSON.stringify({ fail: true }) });
    await expect(embed({ model, value: 'refunds', maxRetries: 0 })).rejects.toThrow();
    fake.reset();
    await embed({ model, value: 'refunds' });
    const recorded = (await (await fetch(`${fake.origin}/_fake/embeddings`)).json()) as { input: string[] }[];
    expect(recorded.map((request) => request.input)).toEqual([['refunds']]);
  });
});

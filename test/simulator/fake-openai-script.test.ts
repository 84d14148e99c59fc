// Steering the fake model with a script (POST /_fake/script): the script answers the requests it chooses
// (text, structured JSON, or a 500), leaves the others to the default rules, is removed by {source: null}
// or a reset, and a source that is not a function is refused with 400 naming the field.
import { createOpenAI } from '@ai-sdk/openai';
import { generateObject, generateText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAI, type FakeOpenAI, type ModelScript } from '../support/fake-openai.js';

const API_KEY = 'sk-test-fake-key';

describe('fake OpenAI script', () => {
  let fake: FakeOpenAI;
  let model: ReturnType<ReturnType<typeof createOpenAI>['chat']>;

  async function install(source: string | null): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${fake.origin}/_fake/script`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source }),
    });
    return { status: response.status, body: await response.json() };
  }

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: API_KEY });
    model = createOpenAI({ apiKey: API_KEY, baseURL: fake.url }).chat('gpt-4o-mini');
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers what the script chooses and leaves the rest to the default rules', async () => {
    const script: ModelScript = (request) => (request.user.includes('ping') ? `pong ${request.call}` : null);
    expect(await install(script.toString())).toEqual({ status: 200, body: { scripted: true } });
    expect((await generateText({ model, prompt: 'ping' })).text).toBe('pong 1');
    expect((await generateText({ model, prompt: 'anything else' })).text).toBe("I don't know.");
    expect((await generateText({ model, prompt: 'ping again' })).text).toBe('pong 3');
  });

  it('gives structured answers as JSON, and errors as a 500', async () => {
    const script: ModelScript = (request) =>
      request.user.includes('fail') ? { error: 'scripted outage' } : request.structured ? { json: { action: 'ban', reason: 'scripted' } } : null;
    await install(script.toString());
    const { object } = await generateObject({ model, schema: z.object({ action: z.string(), reason: z.string() }), prompt: 'judge this' });
    expect(object).toEqual({ action: 'ban', reason: 'scripted' });
    await expect(generateText({ model, prompt: 'please fail', maxRetries: 0 })).rejects.toMatchObject({ statusCode: 500 });
  });

  it('is removed by {source: null} and by a reset', async () => {
    await install(((() => 'always') as ModelScript).toString());
    expect((await generateText({ model, prompt: 'hello' })).text).toBe('always');
    expect(await install(null)).toEqual({ status: 200, body: { scripted: false } });
    expect((await generateText({ model, prompt: 'hello' })).text).toBe("I don't know.");
    await install(((() => 'always') as ModelScript).toString());
    await fetch(`${fake.origin}/_fake/reset`, { method: 'POST' });
    expect((await generateText({ model, prompt: 'hello' })).text).toBe("I don't know.");
  });

  it('refuses a source that is not a function expression', async () => {
    for (const source of ['not javascript (', '42', 17]) {
      const response = await fetch(`${fake.origin}/_fake/script`, { method: 'POST', body: JSON.stringify({ source }) });
      expect(response.status, String(source)).toBe(400);
      expect(((await response.json()) as { error: { param: string } }).error.param).toBe('source');
    }
  });
});

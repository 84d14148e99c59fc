// Every outbound model call (answer, smart-mode classifier, wants-a-human, moderation judge, proactive
// composition) and the escalation webhook POST gives up after its timeout when the server never answers.
// The transport here hangs until the call's signal aborts: without a timeout these calls would never end.

import { describe, expect, it } from 'vitest';
import { ModelAnswerer, type ModelOptions } from '../../src/answer/model-answerer';
import { MODEL_TIMEOUTS_MS } from '../../src/answer/model-timeouts';
import { readConfig } from '../../src/config';
import { Escalator } from '../../src/guild/escalation';
import { ModelJudge } from '../../src/moderation/model-judge';
import { composeModelPost } from '../../src/proactive/model-post';

const SHORT_MS = 30;

/** A fetch that never answers; it rejects only when the request's signal aborts. Counts the calls. */
function hangingFetch(): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  const fetcher: typeof fetch = (_input, init) => {
    calls += 1;
    return new Promise<Response>((_resolve, reject) => {
      const signal = init?.signal;
      if (!signal) return;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  };
  return { fetch: fetcher, calls: () => calls };
}

function options(fetcher: typeof fetch): ModelOptions {
  return {
    apiKey: 'test-key',
    baseUrl: 'https://model.invalid/v1',
    model: 'fake-model',
    fetch: fetcher,
    timeoutsMs: { answer: SHORT_MS, classifier: SHORT_MS, wantsHuman: SHORT_MS, judge: SHORT_MS, proactive: SHORT_MS },
  };
}

describe('model call timeouts', () => {
  it('every kind of call has a default timeout', () => {
    for (const ms of Object.values(MODEL_TIMEOUTS_MS)) expect(ms).toBeGreaterThan(0);
  });

  it('an answer gives up', async () => {
    const transport = hangingFetch();
    const answerer = new ModelAnswerer(options(transport.fetch));
    await expect(answerer.answer({ question: 'how do refunds work?', passages: [], history: [], channelContext: null })).rejects.toThrow();
    expect(transport.calls()).toBeGreaterThan(0);
  });

  it('the smart-mode classifier gives up', async () => {
    const transport = hangingFetch();
    await expect(new ModelAnswerer(options(transport.fetch)).shouldAnswer('how do refunds work?', null)).rejects.toThrow();
    expect(transport.calls()).toBeGreaterThan(0);
  });

  it('the wants-a-human check gives up', async () => {
    const transport = hangingFetch();
    await expect(new ModelAnswerer(options(transport.fetch)).wantsHuman('can someone from the team look at this?')).rejects.toThrow();
    expect(transport.calls()).toBeGreaterThan(0);
  });

  it('the moderation judge gives up', async () => {
    const transport = hangingFetch();
    await expect(new ModelJudge(options(transport.fetch)).judge('Be kind.', 'you are all idiots')).rejects.toThrow();
    expect(transport.calls()).toBeGreaterThan(0);
  });

  it('proactive composition gives up', async () => {
    const transport = hangingFetch();
    await expect(composeModelPost(options(transport.fetch), { topics: ['billing'], passages: [], recent: [] })).rejects.toThrow();
    expect(transport.calls()).toBeGreaterThan(0);
  });

  it('the escalation webhook POST gives up (and is logged, not thrown)', async () => {
    const transport = hangingFetch();
    const escalator = new Escalator({} as DurableObjectStorage, {} as Env, transport.fetch, SHORT_MS);
    const config = readConfig({ ESCALATION_WEBHOOK_URL: 'https://hooks.invalid/escalations' });
    const notice = { guildId: '1', conversationId: '2:3', channelId: '2', userId: '3', content: 'a human please', reason: 'asked', at: new Date(0).toISOString() };
    await expect(escalator.notifyOwner(config, null, notice)).resolves.toBeUndefined();
    expect(transport.calls()).toBe(1);
  });
});

// The test suite's integration lanes (test/support/lanes.ts): the simulator, fake model and collector this
// file's `inject()` reaches are the very ones its worker's bindings call, so what a test sets up or reads at
// the simulator is what the product talks to, whichever lane the file runs in.

import { env } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';

describe('integration lanes', () => {
  it("the file's simulator is the one the worker calls", () => {
    expect(inject('simulatorApiBase')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(env.DISCORD_API_BASE).toBe(inject('simulatorApiBase'));
    expect(env.DISCORD_OAUTH_URL).toBe(`${inject('simulatorUrl')}/oauth2/authorize`);
    expect(env.DISCORD_PUBLIC_KEY).toBe(inject('simulatorPublicKey'));
  });

  it("the file's fake model and collector are the ones the worker calls", () => {
    expect(env.OPENAI_BASE_URL).toBe(inject('fakeOpenAIUrl'));
    expect(env.ESCALATION_WEBHOOK_URL).toBe(`${inject('collectorUrl')}/webhook`);
  });
});

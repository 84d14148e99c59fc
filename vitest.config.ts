// Five projects:
// - "workers": integration tests inside workerd (vitest-pool-workers) with the offline answerer;
// - "workers-model": the same runtime with OPENAI_API_KEY set, against a local OpenAI-compatible fake;
// - "unit": pure functions, in plain Node (they need no runtime);
// - "browser": the dashboard in Debian's Chromium against `wrangler dev` and the simulator;
// - "node": the simulator's and the fake model's own tests (discord.js, raw ws, the real `ai` SDK).
// The root globalSetup starts, per integration lane, the Discord simulator and the fake model server in Node.

import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { SIM_CLIENT_SECRET } from './scripts/discord-simulator/oauth.js';
import { cloudflareLanes } from './test/support/lanes.js';
import { noDepSourceMaps } from './test/support/no-dep-source-maps.js';
import { oneAtATimePool } from './test/support/one-at-a-time-pool.js';
import { SpreadSequencer } from './test/support/spread-sequencer.js';
import { TEST_ADMIN_TOKEN, TEST_BOT, TEST_ESCALATION_FROM, TEST_OPENAI_KEY, TEST_SESSION_SECRET } from './test/support/constants.js';

// The fake `send_email` binding: an auxiliary worker whose `send()` (the same call Herald makes on Cloudflare's
// binding) hands the message to the collector, where tests read it. Real sending is never configured in tests.
const FAKE_SEND_EMAIL_WORKER = `
import { WorkerEntrypoint } from 'cloudflare:workers';
export class FakeSendEmail extends WorkerEntrypoint {
  async send(message) {
    const response = await fetch(this.env.COLLECTOR_URL + '/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    if (!response.ok) throw new Error('the collector refused the e-mail: ' + response.status);
    return { messageId: crypto.randomUUID() };
  }
}
export default { fetch: () => new Response('fake send_email: use the binding', { status: 404 }) };
`;

function workersProject(name: string, include: string[], withModel: boolean): TestProjectInlineConfiguration {
  return {
    // Each running file gets a lane of its own (simulator, fake model, collector, websites): test/support/lanes.ts.
    plugins: [
      noDepSourceMaps(),
      ...cloudflareLanes((lane) => ({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            DISCORD_TOKEN: TEST_BOT.token,
            DISCORD_APPLICATION_ID: TEST_BOT.applicationId,
            DISCORD_API_BASE: lane.simulatorApiBase,
            ADMIN_TOKEN: TEST_ADMIN_TOKEN,
            DISCORD_PUBLIC_KEY: lane.simulatorPublicKey,
            DISCORD_GATEWAY_URL: '',
            OPENAI_API_KEY: withModel ? TEST_OPENAI_KEY : '',
            OPENAI_BASE_URL: lane.fakeOpenAIUrl,
            AI_MODEL: 'fake-model',
            DISCORD_CLIENT_SECRET: SIM_CLIENT_SECRET,
            DISCORD_OAUTH_URL: `${lane.simulatorUrl}/oauth2/authorize`,
            SESSION_SECRET: TEST_SESSION_SECRET,
            // Escalations are POSTed to the collector (test/support/collector.ts) and e-mailed through the fake.
            ESCALATION_WEBHOOK_URL: `${lane.collectorUrl}/webhook`,
            ESCALATION_EMAIL_FROM: TEST_ESCALATION_FROM,
          },
          serviceBindings: { SEND_EMAIL: { name: 'fake-send-email', entrypoint: 'FakeSendEmail' } },
          workers: [
            {
              name: 'fake-send-email',
              modules: true,
              script: FAKE_SEND_EMAIL_WORKER,
              compatibilityDate: '2026-04-20',
              bindings: { COLLECTOR_URL: lane.collectorUrl },
            },
          ],
        },
      })),
    ],
    test: {
      name,
      // Pre-bundle discord-api-types: loaded as CommonJS inside workerd its enums come out undefined. The other
      // dependencies are pre-bundled too: each file's workerd then fetches one module per package instead of
      // hundreds (zod, ai), which was most of a file's import time.
      deps: { optimizer: { ssr: { enabled: true, include: ['discord-api-types/v10', 'ai', '@ai-sdk/openai', 'zod', 'itty-router'] } } },
      include,
      // After each file the bots leave the simulator guilds it created, so the next file's IDENTIFY is not
      // answered with a GUILD_CREATE (and a new guild actor) for every guild of every earlier file.
      setupFiles: ['./test/integration/leave-guilds.ts'],
      // Two files at once (maxWorkers), each in its own lane: no two running files share a simulator, a
      // shared-bot gateway session or a fake (test/support/lanes.ts). Within a lane, one file at a time.
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  };
}

export default defineConfig({
  test: {
    // Logs of passing tests are noise; a failing test still shows its actor's log lines.
    silent: 'passed-only',
    // Vitest waits this long for its pools to close at the end. A browser-project worker never closes by
    // itself (cause not found), so the default 10 s was added to every run; every teardown of ours (the lanes,
    // `wrangler dev`, Chromium) is done in well under a second, checked with no process left behind.
    teardownTimeout: 3_000,
    // Two files at once (the machine's two cores), all projects in one group: the workers projects' files each
    // in an integration lane of their own (test/support/lanes.ts), the browser project's one at a time.
    maxWorkers: 2,
    // The browser files spread through the run (test/support/spread-sequencer.ts).
    sequence: { sequencer: SpreadSequencer },
    // The integration lanes' servers (simulator, fake model, collector, websites) for the workers projects.
    globalSetup: ['./test/support/global-setup.ts'],
    projects: [
      workersProject('workers', ['test/integration/**/*.test.ts'], false),
      workersProject('workers-model', ['test/model/**/*.test.ts'], true),
      {
        test: {
          // The dashboard in Debian's Chromium against `wrangler dev` and the simulator (test/browser/global-setup.ts).
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/browser/global-setup.ts'],
          // Its files share one wrangler dev: one at a time, but beside the other projects' files.
          pool: oneAtATimePool('browser-one-at-a-time'),
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        // Pure functions (decisions, parsers, formats): plain Node is enough, and quick, for code that needs no
        // runtime; the real path is the workers projects' job.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Pure functions with no side effects: one Node process serves many files instead of one each.
          isolate: false,
          // test/unit/linear-text.test.ts relies on it: a quadratic scan of its inputs needs minutes, a linear one
          // well under a second (several on a loaded 2-core machine), so 20 s fails only the wrong algorithm.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'node',
          include: ['test/simulator/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
    ],
  },
});


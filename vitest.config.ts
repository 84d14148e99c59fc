// Two projects: "workers" runs unit and integration tests inside workerd (vitest-pool-workers), with the
// Discord simulator started in Node by globalSetup; "node" runs the simulator's own tests (discord.js, raw ws).

import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { TEST_ADMIN_TOKEN, TEST_BOT } from './test/support/constants.js';

export default defineConfig({
  test: {
    // Logs of passing tests are noise; a failing test still shows its actor's log lines.
    silent: 'passed-only',
    projects: [
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                DISCORD_TOKEN: TEST_BOT.token,
                DISCORD_APPLICATION_ID: TEST_BOT.applicationId,
                DISCORD_API_BASE: inject<string>('simulatorApiBase'),
                ADMIN_TOKEN: TEST_ADMIN_TOKEN,
                DISCORD_PUBLIC_KEY: inject<string>('simulatorPublicKey'),
                DISCORD_GATEWAY_URL: '',
                OPENAI_API_KEY: '',
                ESCALATION_WEBHOOK_URL: '',
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          // Pre-bundle discord-api-types: loaded as CommonJS inside workerd its enums come out undefined.
          deps: { optimizer: { ssr: { enabled: true, include: ['discord-api-types/v10'] } } },
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          globalSetup: ['./test/support/global-setup.ts'],
          // Integration files share one simulator and one shared-bot gateway session: one file at a time.
          fileParallelism: false,
          testTimeout: 20_000,
          hookTimeout: 20_000,
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

// `npm run eval:answers` runs the eval inside workerd (the retrieval needs the actor's SQLite with FTS5, which
// Node 20 lacks), through vitest-pool-workers like the integration tests, but as its own config: it is a
// measurement, not part of the test suite.

import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
  test: {
    name: 'eval-answers',
    include: ['scripts/eval-answers/run.eval.ts'],
    deps: { optimizer: { ssr: { enabled: true, include: ['discord-api-types/v10'] } } },
    globalSetup: ['./scripts/eval-answers/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});

// Root globalSetup (vitest.config.ts): starts one set of servers per integration lane (test/support/lanes.ts):
// the Discord simulator, the fake model, the collector that records escalation webhooks and e-mails, and the
// websites. The workers projects' test files reach them over HTTP; each running file sees only its own lane's.
//
// It runs at the root, not in the workers projects: their Workers plugin inlines every dependency through Vite,
// which made loading this file (the simulator, ws, discord-api-types) take ~20 s of CPU per project; the root
// loads packages natively.

import type { TestProject } from 'vitest/node';
import { startDiscordSimulator } from '../../scripts/discord-simulator/index.js';
import { startCollector } from './collector.js';
import { CUSTOM_BOT, TEST_BOT, TEST_OPENAI_KEY } from './constants.js';
import { startFakeOpenAI } from './fake-openai.js';
import { LANES, type LaneContext } from './lanes.js';
import { startWebsites } from './website.js';

async function startLane(): Promise<{ context: LaneContext; close: () => Promise<void> }> {
  const simulator = await startDiscordSimulator({ heartbeatIntervalMs: 2_000, bots: [{ ...TEST_BOT }, { ...CUSTOM_BOT }] });
  const model = await startFakeOpenAI({ apiKey: TEST_OPENAI_KEY });
  const collector = await startCollector();
  const websites = await startWebsites();
  return {
    context: {
      simulatorUrl: simulator.url,
      simulatorApiBase: simulator.apiBase,
      simulatorPublicKey: simulator.publicKey,
      simulatorCustomBotPublicKey: simulator.publicKeyOf(CUSTOM_BOT.applicationId),
      fakeOpenAIUrl: model.url,
      collectorUrl: collector.url,
      websitesUrl: websites.url,
    },
    close: async () => {
      await websites.close();
      await simulator.close();
      await model.close();
      await collector.close();
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const lanes = await Promise.all(Array.from({ length: LANES }, () => startLane()));
  // The lane workers hand each file its own lane's values (lanes.ts); there are no suite-wide ones.
  project.provide('lanes', lanes.map((lane) => lane.context));
  return async () => {
    for (const lane of lanes) await lane.close();
  };
}

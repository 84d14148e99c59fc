// Starts the Discord simulator in Node for the workers project; tests reach it over HTTP (its /_sim routes).
// Also starts the fake model and the collector that records escalation webhooks and e-mails.

import type { TestProject } from 'vitest/node';
import { startDiscordSimulator } from '../../scripts/discord-simulator/index.js';
import { startCollector } from './collector.js';
import { CUSTOM_BOT, TEST_BOT, TEST_OPENAI_KEY } from './constants.js';
import { startFakeOpenAI } from './fake-openai.js';
import { startWebsites } from './website.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const simulator = await startDiscordSimulator({ heartbeatIntervalMs: 2_000, bots: [{ ...TEST_BOT }, { ...CUSTOM_BOT }] });
  project.provide('simulatorUrl', simulator.url);
  project.provide('simulatorApiBase', simulator.apiBase);
  project.provide('simulatorPublicKey', simulator.publicKey);
  project.provide('simulatorCustomBotPublicKey', simulator.publicKeyOf(CUSTOM_BOT.applicationId));
  const model = await startFakeOpenAI({ apiKey: TEST_OPENAI_KEY });
  project.provide('fakeOpenAIUrl', model.url);
  const collector = await startCollector();
  project.provide('collectorUrl', collector.url);
  const websites = await startWebsites();
  project.provide('websitesUrl', websites.url);
  return async () => {
    await websites.close();
    await simulator.close();
    await model.close();
    await collector.close();
  };
}

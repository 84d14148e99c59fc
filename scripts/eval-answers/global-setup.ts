// The eval's only outside service: the fake OpenAI-compatible server, whose `/embeddings` stand in for a model.

import type { TestProject } from 'vitest/node';
import { startFakeOpenAI } from '../../test/support/fake-openai.js';
import { TEST_OPENAI_KEY } from '../../test/support/constants.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const model = await startFakeOpenAI({ apiKey: TEST_OPENAI_KEY });
  project.provide('fakeOpenAIUrl', model.url);
  return () => model.close();
}

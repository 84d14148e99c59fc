// The browser tests drive the real product: the Discord simulator and `wrangler dev` (the same stack as
// `npm start`, on free ports, with a fresh --persist-to folder), and Debian's Chromium through playwright-core.

import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startDevStack, waitForGatewayReady, type DevStack } from '../../scripts/lib/dev-stack.js';

export const CHROMIUM = '/usr/bin/chromium';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium); .ci/run does this`);
  const stack: DevStack = await startDevStack({ workerPort: await freePort(), adminToken: 'browser-admin-token', wranglerOutput: 'ignore' });
  await stack.admin('/api/gateway/start', 'POST');
  await waitForGatewayReady(stack);
  project.provide('workerUrl', stack.workerUrl);
  project.provide('simulatorUrl', stack.simulator.url);
  project.provide('adminToken', stack.adminToken);
  return () => stack.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    workerUrl: string;
    simulatorUrl: string;
    adminToken: string;
  }
}

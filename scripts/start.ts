// `npm start`: the whole product locally, offline, with no secrets. Starts the Discord simulator and
// `wrangler dev` wired to it, seeds a demo guild with a small knowledge base, connects the gateway, and
// prints the chat page where a person talks to Herald as a member.

import { DEMO_KNOWLEDGE } from './demo/knowledge.js';
import { startDevStack, waitForGatewayReady } from './lib/dev-stack.js';

async function main(): Promise<void> {
  const stack = await startDevStack({
    workerPort: Number(process.env.HERALD_PORT ?? 8787),
    simulatorPort: Number(process.env.HERALD_SIMULATOR_PORT ?? 8790),
    adminToken: process.env.ADMIN_TOKEN ?? 'dev-admin-token',
  });
  const shutdown = () => void stack.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  stack.wrangler.on('exit', (code) => void stack.stop().then(() => process.exit(code ?? 1)));

  const guild = stack.simulator.addGuild({ name: 'Herald Demo', channels: [{ name: 'general' }, { name: 'support' }] });
  for (const doc of DEMO_KNOWLEDGE) await stack.admin(`/api/guilds/${guild.id}/knowledge`, 'POST', doc);
  // The demo shows everything, Live and takeover included (they need the standard plan).
  await stack.admin(`/api/guilds/${guild.id}/settings`, 'PATCH', { plan: 'standard' });
  await stack.admin('/api/gateway/start', 'POST');
  await waitForGatewayReady(stack);

  console.log(`
  Herald is running (offline answerer, Discord simulator).

    Dashboard (owners, agents):  ${stack.workerUrl}/
      Click "Sign in with Discord", then "Sign in as owner": you own the demo server.
      (Or sign in with the token ${stack.adminToken}.)
    Talk to Herald as a member:  ${stack.simulator.url}/
      (keep "mention" ticked and ask e.g. "how do refunds work?")
    Worker / admin API:          ${stack.workerUrl}/api   (Authorization: Bearer ${stack.adminToken})
    Demo guild id:               ${guild.id}

  Ctrl-C stops everything.
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// `npx tsx scripts/simulator.ts [--port 8790] [--host 127.0.0.1] [--heartbeat 41250]`: run the Discord simulator alone.
import { parseArgs } from 'node:util';
import { DEFAULT_BOT, startDiscordSimulator } from './discord-simulator/index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.HERALD_SIMULATOR_PORT ?? '8790' },
    host: { type: 'string', default: '127.0.0.1' },
    heartbeat: { type: 'string' },
    guild: { type: 'string', default: 'Herald Demo' },
    'no-guild': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: tsx scripts/simulator.ts [--port 8790] [--host 127.0.0.1] [--heartbeat ms] [--guild name | --no-guild]');
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port ${values.port}`);
  process.exit(2);
}

const simulator = await startDiscordSimulator({
  host: values.host,
  port,
  ...(values.heartbeat ? { heartbeatIntervalMs: Number(values.heartbeat) } : {}),
});
// A guild to talk in right away; tests and `npm start` create their own instead.
const guild = values['no-guild'] ? null : simulator.addGuild({ name: values.guild, channels: [{ name: 'general' }, { name: 'support' }] });

console.log(`
  Discord simulator (API v10) is running.

    Chat page:     ${simulator.url}/
    REST base:     ${simulator.apiBase}
    Gateway:       ${simulator.gatewayUrl}
    Control:       ${simulator.url}/_sim/state
    Bot token:     ${DEFAULT_BOT.token}   (application ${DEFAULT_BOT.applicationId})
    Public key:    ${simulator.publicKey}${guild ? `\n    Demo guild:    ${guild.id} (#${guild.channels.map((c) => c.name).join(', #')})` : ''}

  Ctrl-C stops it.
`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void simulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// `npm run bench:profile -- [--seconds 20] [--rate 25] [--out herald.cpuprofile]`: a CPU profile of Herald's
// Worker (workerd's inspector, Chrome DevTools protocol) under the bench's workload on the lean runner. Writes
// the .cpuprofile (open it in Chrome DevTools or speedscope) and prints the functions with the most self time.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { DEMO_KNOWLEDGE } from '../demo/knowledge.js';
import { intOption } from '../lib/cli.js';
import { startContender } from './contenders.js';
import { buildWorld, MessageSource, ReplyClock, runStep } from './workload.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const { values } = parseArgs({ options: { seconds: { type: 'string' }, rate: { type: 'string' }, out: { type: 'string' }, port: { type: 'string' } } });
const seconds = intOption('--seconds', values.seconds, 20, 1, 600);
const rate = intOption('--rate', values.rate, 25, 1, 1000);
const port = intOption('--port', values.port, 8799, 1, 65535);
const inspectorPort = port + 1000;
const out = values.out ?? 'herald.cpuprofile';

const contender = await startContender('lean', port, inspectorPort);
try {
  const world = buildWorld(contender.simulator, { guilds: 20, channelsPerGuild: 5, members: 1000 });
  for (const guild of world.guilds) {
    await contender.admin!(`/api/guilds/${guild.id}/settings`, 'PATCH', { plan: 'pro' });
    for (const doc of DEMO_KNOWLEDGE) await contender.admin!(`/api/guilds/${guild.id}/knowledge`, 'POST', doc);
  }
  await contender.connect();
  const source = new MessageSource(contender.simulator, world, 1);
  const clock = new ReplyClock(contender.simulator);
  await runStep(source, clock, 20, 2, 1, 10_000);

  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { id: string; title: string; webSocketDebuggerUrl?: string }[];
  const target = targets.find((t) => t.title.includes('herald')) ?? targets[0];
  if (!target) throw new Error('no inspector target');
  const url = target.webSocketDebuggerUrl ?? `ws://127.0.0.1:${inspectorPort}/${target.id}`;
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  const call = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: Record<string, unknown> };
        if (message.id !== id) return;
        ws.off('message', onMessage);
        resolve(message.result ?? {});
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 200 });
  await call('Profiler.start');
  const step = await runStep(source, clock, rate, seconds, 0.5, 10_000);
  const { profile } = (await call('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[] } };
  ws.close();
  writeFileSync(out, JSON.stringify(profile));
  const total = profile.samples.length;
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').at(-1)}:${node.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
  }
  console.log(`profiled ${seconds} s at ${rate}/s: ${step.sent} messages, ${step.answered}/${step.mentions} answered, p99 ${step.p99?.toFixed(0)} ms; ${total} samples → ${out}`);
  for (const [name, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  clock.close();
} finally {
  await contender.stop();
}
process.exit(0);

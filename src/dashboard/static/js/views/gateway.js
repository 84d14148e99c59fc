// Operators only: the gateway connection of every shard (GET /api/gateway/status).

import { api } from '../api.js';
import { formatTime, h } from '../dom.js';

export async function renderGateway(root) {
  const s = await api('/api/gateway/status');
  root.replaceChildren(
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Shards'),
      h('p', {}, `Overall: ${s.state} · ${s.guildCount} guilds · ${s.reconnects} reconnects`),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ['Shard', 'State', 'Guilds', 'Last heartbeat ack', 'Latency', 'Last close', 'Stopped because'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          s.shards.map((shard) =>
            h(
              'tr',
              {},
              h('td', { 'data-label': 'Shard' }, `${shard.shardId} / ${shard.shardCount}`),
              h('td', { 'data-label': 'State' }, h('span', { class: `pill ${shard.status === 'ready' ? 'ok' : 'warn'}` }, shard.status)),
              h('td', { 'data-label': 'Guilds' }, shard.guildCount),
              h('td', { 'data-label': 'Last heartbeat ack' }, formatTime(shard.lastHeartbeatAckAt)),
              h('td', { 'data-label': 'Latency' }, shard.latencyMs === null ? '—' : `${shard.latencyMs} ms`),
              h('td', { 'data-label': 'Last close' }, shard.lastCloseReason ?? '—'),
              h('td', { 'data-label': 'Stopped because' }, shard.stopReason ?? '—'),
            ),
          ),
        ),
      ),
    ),
  );
}

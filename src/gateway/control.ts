// Worker-side control of the gateway: asks Discord how many shards the application needs and where to
// connect (GET /gateway/bot), then starts one GatewayShard object per shard; and gathers their status.

import type { RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import type { ShardStatusView } from './shard-status';
import type { HeraldConfig } from '../config';
import { DiscordRest } from '../discord/rest';

/** The shared Herald application's key; a custom bot's key is its application id. */
export const SHARED_APP = 'shared';

export function shardStub(env: Env, appKey: string, shardId: number) {
  return env.GATEWAY_SHARD.get(env.GATEWAY_SHARD.idFromName(`${appKey}:${shardId}`));
}

export interface GatewayStartInput {
  appKey: string;
  applicationId: string | null;
  token: string;
}

export async function startGateway(env: Env, config: HeraldConfig, input: GatewayStartInput): Promise<ShardStatusView[]> {
  const rest = new DiscordRest({ apiBase: config.discordApiBase, token: input.token });
  const info = await rest.get<RESTGetAPIGatewayBotResult>('/gateway/bot');
  const shardCount = Math.max(1, info.shards);
  const gatewayUrl = config.discordGatewayUrl ?? info.url;
  // Fewer shards than before (Discord's recommendation changed): the surplus ones disconnect.
  const previous = (await shardStub(env, input.appKey, 0).status()).shardCount;
  for (let shardId = shardCount; shardId < previous; shardId++) await shardStub(env, input.appKey, shardId).stop();
  const statuses: ShardStatusView[] = [];
  for (let shardId = 0; shardId < shardCount; shardId++) {
    statuses.push(
      await shardStub(env, input.appKey, shardId).start({
        appKey: input.appKey,
        applicationId: input.applicationId,
        shardId,
        shardCount,
        token: input.token,
        gatewayUrl,
        maxConcurrency: info.session_start_limit.max_concurrency,
        sessionStartRemaining: info.session_start_limit.remaining,
        sessionStartResetAfter: info.session_start_limit.reset_after,
      }),
    );
  }
  return statuses;
}

/** Status of every shard of an application (shard 0 knows how many there are). */
export async function gatewayStatus(env: Env, appKey: string): Promise<ShardStatusView[]> {
  const first = await shardStub(env, appKey, 0).status();
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, first.shardCount - 1) }, (_, i) => shardStub(env, appKey, i + 1).status()),
  );
  return [first, ...rest];
}

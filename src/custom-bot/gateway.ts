// A custom bot's own gateway connection (contract §2): started when a guild saves it, stopped when the last
// guild using that application leaves it.

import { readConfig } from '../config';
import { gatewayStatus, shardStub, startGateway } from '../gateway/control';
import type { CustomBot } from '../guild/settings';
import { log, logError } from '../log';
import { customBotRegistry } from './registry';

/** A custom bot gets gateway shards of its own application; failures are logged (the operator can start it again). */
export async function connectCustomBot(env: Env, guildId: string | null, bot: CustomBot): Promise<void> {
  try {
    await startGateway(env, readConfig(env), { appKey: bot.applicationId, applicationId: bot.applicationId, token: bot.botToken });
    log('GuildActor.customBotConnected', { guildId, applicationId: bot.applicationId });
  } catch (error) {
    logError('GuildActor.connectCustomBot', error, { guildId, applicationId: bot.applicationId });
  }
}

/** The guild no longer uses this custom application; the last guild to leave disconnects its gateway. */
export async function detachCustomBot(env: Env, guildId: string, applicationId: string): Promise<void> {
  try {
    if ((await customBotRegistry(env).detach(applicationId, guildId)) > 0) return;
    for (const shard of await gatewayStatus(env, applicationId)) await shardStub(env, applicationId, shard.shardId).stop();
    log('GuildActor.customBotDisconnected', { guildId, applicationId });
  } catch (error) {
    logError('GuildActor.detachCustomBot', error, { guildId, applicationId });
  }
}

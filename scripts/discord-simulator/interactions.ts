// Simulated slash-command interactions: Ed25519-signed like Discord's, optionally delivered to an endpoint.
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { ApplicationCommandType, ApplicationIntegrationType, ChannelType, ComponentType, GatewayDispatchEvents, InteractionContextType, InteractionType, Locale } from './discord-enums.js';
import type {
  ThreadChannelType,
  APIApplicationCommandInteractionDataBasicOption,
  APIChatInputApplicationCommandGuildInteraction,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIPingInteraction,
} from 'discord-api-types/v10';
import { effectivePermissions, isThread } from './threads.js';
import type { SimContext } from './context.js';
import { DiscordError, isRecord } from './http-util.js';
import { acknowledgeInteraction } from './rest-apps.js';
import { snowflake } from './snowflake.js';
import type { CreateInteractionInput, SignedInteraction, SimBot } from './types.js';

/** Fixed seed so the simulator's public key is the same on every run (handy for .dev.vars). */
export const DEFAULT_SIGNING_SEED_HEX = createHash('sha256').update('herald-discord-simulator').digest('hex');
// PKCS#8 DER prefix for a raw 32-byte Ed25519 private key.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export class InteractionSigner {
  readonly publicKey: string;
  private readonly key: KeyObject;

  constructor(seedHex: string) {
    const seed = Buffer.from(seedHex, 'hex');
    if (seed.length !== 32) throw new Error('signingSeedHex must be 32 bytes of hex');
    this.key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.key).export({ format: 'der', type: 'spki' });
    this.publicKey = spki.subarray(spki.length - 32).toString('hex');
  }

  /** X-Signature-Ed25519 over timestamp + body, as Discord signs interaction requests. */
  sign(timestamp: string, body: string): string {
    return sign(null, Buffer.from(timestamp + body), this.key).toString('hex');
  }
}

/**
 * One signing key per application, as on Discord: the first bot signs with the configured seed (so the
 * default public key never changes), every other with a seed derived from it and its application id.
 */
export class AppSigners {
  private readonly signers = new Map<string, InteractionSigner>();

  constructor(seedHex: string, bots: SimBot[]) {
    bots.forEach((bot, index) => {
      const seed = index === 0 ? seedHex : createHash('sha256').update(`${seedHex}:${bot.applicationId}`).digest('hex');
      this.signers.set(bot.applicationId, new InteractionSigner(seed));
    });
  }

  /** The signer of an application the simulator knows (throws otherwise: a programming error). */
  for(applicationId: string): InteractionSigner {
    const signer = this.signers.get(applicationId);
    if (!signer) throw new Error(`unknown application ${applicationId}`);
    return signer;
  }

  publicKey(applicationId: string): string {
    return this.for(applicationId).publicKey;
  }
}

export async function createInteraction(ctx: SimContext, input: CreateInteractionInput): Promise<SignedInteraction> {
  const { store } = ctx;
  const bot = input.applicationId ? store.botByApp(input.applicationId) : store.bots[0];
  if (!bot) throw new Error('unknown application');
  const guild = store.guilds.get(input.guildId);
  if (!guild) throw new Error(`unknown guild ${input.guildId}`);
  const channel = store.channels.get(input.channelId);
  // Commands and clicks happen in text channels and in threads.
  if (!channel || channel.guildId !== guild.id || (channel.channel.type !== ChannelType.GuildText && !isThread(channel))) {
    throw new Error(`unknown channel ${input.channelId} in guild ${guild.id}`);
  }
  const existing = input.user.id ? guild.members.get(input.user.id) : store.memberByUsername(guild.id, input.user.username);
  const member = existing ?? store.addMember(guild.id, { ...(input.user.id ? { id: input.user.id } : {}), username: input.user.username });
  const id = snowflake();
  const token = `sim-interaction.${randomBytes(24).toString('base64url')}`;
  const common = {
    id,
    application_id: bot.applicationId,
    token,
    version: 1 as const,
    app_permissions: effectivePermissions(store, guild, channel, guild.members.get(bot.userId) ?? member).toString(),
    locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
    attachment_size_limit: 10 * 1024 * 1024,
  };
  let interaction: APIPingInteraction | APIChatInputApplicationCommandGuildInteraction | APIMessageComponentButtonInteraction;
  if (input.ping) {
    interaction = { ...common, type: InteractionType.Ping };
  } else if (input.component) {
    const { messageId, customId } = input.component;
    const stored = store.findMessage(channel.channel.id, messageId);
    if (!stored) throw new Error(`unknown message ${messageId} in channel ${channel.channel.id}`);
    if (stored.message.author.id !== bot.userId) throw new Error(`message ${messageId} is not from application ${bot.applicationId}`);
    if (!hasButton(stored.message, customId)) throw new Error(`message ${messageId} has no button ${customId}`);
    interaction = {
      ...common,
      type: InteractionType.MessageComponent,
      data: { custom_id: customId, component_type: ComponentType.Button },
      message: structuredClone(stored.message),
      guild_id: guild.id,
      guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
      guild_locale: Locale.EnglishUS,
      channel_id: channel.channel.id,
      channel: { id: channel.channel.id, type: channel.channel.type as ThreadChannelType | typeof ChannelType.GuildText, name: channel.channel.name ?? '', guild_id: guild.id },
      member: { ...member, permissions: effectivePermissions(store, guild, channel, member).toString(), user: member.user },
      context: InteractionContextType.Guild,
    } as APIMessageComponentButtonInteraction;
    store.interactions.set(token, {
      id,
      token,
      applicationId: bot.applicationId,
      guildId: guild.id,
      channelId: channel.channel.id,
      user: member.user,
      commandName: '',
      messageId,
      acknowledged: false,
      originalMessageId: null,
      createdAt: Date.now(),
    });
  } else {
    const name = input.name ?? 'help';
    const commands = [...(store.commands.get(bot.applicationId) ?? []), ...(store.commands.get(`${bot.applicationId}:${guild.id}`) ?? [])];
    const options = (input.options ?? []) as APIApplicationCommandInteractionDataBasicOption[];
    interaction = {
      ...common,
      type: InteractionType.ApplicationCommand,
      data: { id: commands.find((c) => c.name === name)?.id ?? snowflake(), name, type: ApplicationCommandType.ChatInput, options, guild_id: guild.id },
      guild_id: guild.id,
      guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
      guild_locale: Locale.EnglishUS,
      channel_id: channel.channel.id,
      channel: { id: channel.channel.id, type: channel.channel.type as ThreadChannelType | typeof ChannelType.GuildText, name: channel.channel.name ?? '', guild_id: guild.id },
      member: { ...member, permissions: effectivePermissions(store, guild, channel, member).toString(), user: member.user },
      context: InteractionContextType.Guild,
    };
    store.interactions.set(token, {
      id,
      token,
      applicationId: bot.applicationId,
      guildId: guild.id,
      channelId: channel.channel.id,
      user: member.user,
      commandName: name,
      acknowledged: false,
      originalMessageId: null,
      createdAt: Date.now(),
    });
  }
  const body = JSON.stringify(interaction);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = {
    'content-type': 'application/json',
    'x-signature-ed25519': ctx.signers.for(bot.applicationId).sign(timestamp, body),
    'x-signature-timestamp': timestamp,
    'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
  };
  const result: SignedInteraction = { interaction, body, headers };
  if (input.gateway) {
    const payload = interaction;
    ctx.gateway.dispatch({ guildId: guild.id, intent: null, botUserIds: [bot.userId] }, GatewayDispatchEvents.InteractionCreate, () => payload);
  }
  if (input.endpoint) {
    const response = await fetch(input.endpoint, { method: 'POST', headers, body });
    result.delivered = { status: response.status, body: await response.text() };
    // As on Discord, the endpoint's HTTP answer is the interaction's initial response.
    const record = ctx.store.interactions.get(token);
    const answer = parseJsonObject(result.delivered.body);
    if (response.ok && record && answer && typeof answer.type === 'number') {
      try {
        acknowledgeInteraction(ctx, record, answer);
      } catch (error) {
        // Too late (10062): Discord drops the answer and the member sees "The application did not respond".
        if (!(error instanceof DiscordError)) throw error;
        result.delivered.refused = error.toJSON();
      }
    }
  }
  return result;
}

/** Whether the message carries a button with this custom_id (in any action row). */
function hasButton(message: APIMessage, customId: string): boolean {
  return (message.components ?? []).some(
    (row) => 'components' in row && Array.isArray(row.components) && row.components.some((c) => c.type === ComponentType.Button && 'custom_id' in c && c.custom_id === customId),
  );
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

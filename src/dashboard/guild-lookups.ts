// What the dashboard asks Discord about a guild, through the guild's own bot (its custom bot when set): a
// member's roles (the agent check of contract §7) and the guild's channels and roles by name. Answers are kept a
// minute, so a dashboard full of dropdowns does not spend the bot's rate limits.

import { ChannelType, type APIChannel, type APIGuildMember, type APIRole } from 'discord-api-types/v10';
import { DiscordApiError } from '../discord/rest';
import type { GuildDiscord } from '../guild/discord-output';
import { setBounded } from '../bounded-map';

const CACHE_MS = 60_000;
/** Members whose roles are remembered at once (the oldest are forgotten first). */
const MAX_CACHED_MEMBERS = 1_000;

export interface GuildDirectory {
  channels: { id: string; name: string; type: 'text' | 'forum' | 'announcement' | 'other'; parentId: string | null }[];
  roles: { id: string; name: string; color: number; managed: boolean }[];
}

export class DashboardLookups {
  private readonly members = new Map<string, { roles: string[] | null; at: number }>();
  private cachedDirectory: { value: GuildDirectory; at: number } | null = null;

  constructor(
    private readonly discord: GuildDiscord,
    private readonly guildId: () => string | null,
  ) {}

  /** The member's role ids, or null when they are not a member (or the bot cannot tell). */
  async memberRoles(userId: string, now = Date.now()): Promise<string[] | null> {
    const cached = this.members.get(userId);
    if (cached && now - cached.at < CACHE_MS) return cached.roles;
    const rest = this.discord.rest();
    const guildId = this.guildId();
    if (!rest || !guildId) return null;
    let roles: string[] | null;
    try {
      roles = (await rest.get<APIGuildMember>(`/guilds/${guildId}/members/${userId}`)).roles;
    } catch (error) {
      if (!(error instanceof DiscordApiError) || error.status < 400 || error.status >= 500) throw error;
      roles = null;
    }
    setBounded(this.members, userId, { roles, at: now }, MAX_CACHED_MEMBERS);
    return roles;
  }

  async directory(guildId: string, now = Date.now()): Promise<GuildDirectory> {
    if (this.cachedDirectory && now - this.cachedDirectory.at < CACHE_MS) return this.cachedDirectory.value;
    const rest = this.discord.rest();
    if (!rest) return { channels: [], roles: [] };
    const [channels, roles] = await Promise.all([rest.get<APIChannel[]>(`/guilds/${guildId}/channels`), rest.get<APIRole[]>(`/guilds/${guildId}/roles`)]);
    const value: GuildDirectory = {
      channels: channels
        .filter((c) => c.type !== ChannelType.GuildVoice && c.type !== ChannelType.GuildStageVoice && c.type !== ChannelType.GuildCategory)
        .map((c) => ({
          id: c.id,
          name: 'name' in c && c.name ? c.name : c.id,
          type: c.type === ChannelType.GuildText ? 'text' : c.type === ChannelType.GuildForum ? 'forum' : c.type === ChannelType.GuildAnnouncement ? 'announcement' : 'other',
          parentId: 'parent_id' in c ? (c.parent_id ?? null) : null,
        })),
      // @everyone (id = guild id) and bots' managed roles cannot be exempted or made agents meaningfully; listed last.
      roles: roles
        .filter((r) => r.id !== guildId)
        .sort((a, b) => b.position - a.position)
        .map((r) => ({ id: r.id, name: r.name, color: r.color, managed: r.managed })),
    };
    this.cachedDirectory = { value, at: now };
    return value;
  }
}

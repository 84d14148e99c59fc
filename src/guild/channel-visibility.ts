// Which of the guild's channels every member can see, learned from GUILD_CREATE and CHANNEL_* events, so
// live monitoring never shows agents a private channel. A channel Herald has not been told about is
// treated as private (nothing is streamed from it).

import { OverwriteType, PermissionFlagsBits, type APIOverwrite } from 'discord-api-types/v10';

/**
 * Whether @everyone may view the channel, from its permission overwrites: the @everyone role's id is the
 * guild's id, and an overwrite denying it VIEW_CHANNEL makes the channel private. Null when the payload
 * carries no overwrites (unknown).
 */
export function visibleToEveryone(guildId: string, overwrites: readonly APIOverwrite[] | undefined): boolean | null {
  if (overwrites === undefined) return null;
  const everyone = overwrites.find((overwrite) => overwrite.id === guildId && overwrite.type === OverwriteType.Role);
  if (everyone === undefined) return true;
  try {
    return (BigInt(everyone.deny) & PermissionFlagsBits.ViewChannel) === 0n;
  } catch {
    // A malformed permission string proves nothing: when in doubt, private.
    return false;
  }
}

export class ChannelVisibility {
  constructor(private readonly storage: DurableObjectStorage) {}

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /** GUILD_CREATE lists every channel: the stored set is replaced. */
  replaceAll(channels: readonly { id: string; public: boolean }[]): void {
    this.storage.transactionSync(() => {
      this.sql.exec('DELETE FROM channel_visibility');
      for (const channel of channels) this.record(channel.id, channel.public);
    });
  }

  record(channelId: string, isPublic: boolean): void {
    this.sql.exec(
      'INSERT INTO channel_visibility (channel_id, public) VALUES (?, ?) ON CONFLICT (channel_id) DO UPDATE SET public = excluded.public',
      channelId,
      isPublic ? 1 : 0,
    );
  }

  forget(channelId: string): void {
    this.sql.exec('DELETE FROM channel_visibility WHERE channel_id = ?', channelId);
  }

  /** True only for a channel known to be visible to @everyone. */
  isPublic(channelId: string): boolean {
    return this.sql.exec<{ public: number }>('SELECT public FROM channel_visibility WHERE channel_id = ?', channelId).toArray()[0]?.public === 1;
  }
}

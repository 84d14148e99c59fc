// A verified button click, as the Worker hands it to the guild's actor (the parts Herald reads).

import type { ComponentFeature } from './custom-id';

export interface ComponentClick {
  interactionId: string;
  applicationId: string;
  interactionToken: string;
  guildId: string;
  channelId: string;
  /** The message that carries the button. */
  messageId: string;
  userId: string;
  roleIds: string[];
  /** The member's permissions in the channel (a decimal bit set, as Discord sends it). */
  permissions: string;
  feature: ComponentFeature;
  args: string[];
  /** Received at (ms): the 3-second acknowledgement deadline counts from here. */
  receivedAt: number;
  /** 'shared' or the custom application's id. */
  via: string;
}

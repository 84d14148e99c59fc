// Runtime enums of discord-api-types, loaded with Node's own require. Vite's module runner (which evaluates
// the vitest globalSetup of the workers project) runs the package's CJS entry without its `export *`
// re-exports, leaving every enum undefined; native require is immune. Types still come from the package.
import { createRequire } from 'node:module';
import type * as V10 from 'discord-api-types/v10';

const v10 = createRequire(import.meta.url)('discord-api-types/v10') as typeof V10;

export const AllowedMentionsTypes = v10.AllowedMentionsTypes;
export type AllowedMentionsTypes = V10.AllowedMentionsTypes;
export const ApplicationFlags = v10.ApplicationFlags;
export const ApplicationCommandType = v10.ApplicationCommandType;
export type ApplicationCommandType = V10.ApplicationCommandType;
export const ApplicationIntegrationType = v10.ApplicationIntegrationType;
export type ApplicationIntegrationType = V10.ApplicationIntegrationType;
export const ChannelType = v10.ChannelType;
export const ComponentType = v10.ComponentType;
export type ComponentType = V10.ComponentType;
export type ChannelType = V10.ChannelType;
export const GatewayDispatchEvents = v10.GatewayDispatchEvents;
export type GatewayDispatchEvents = V10.GatewayDispatchEvents;
export const GatewayIntentBits = v10.GatewayIntentBits;
export type GatewayIntentBits = V10.GatewayIntentBits;
export const GatewayOpcodes = v10.GatewayOpcodes;
export type GatewayOpcodes = V10.GatewayOpcodes;
export const GuildDefaultMessageNotifications = v10.GuildDefaultMessageNotifications;
export const GuildExplicitContentFilter = v10.GuildExplicitContentFilter;
export const GuildMFALevel = v10.GuildMFALevel;
export const GuildNSFWLevel = v10.GuildNSFWLevel;
export const GuildPremiumTier = v10.GuildPremiumTier;
export const GuildVerificationLevel = v10.GuildVerificationLevel;
export const InteractionContextType = v10.InteractionContextType;
export const InteractionResponseType = v10.InteractionResponseType;
export const InteractionType = v10.InteractionType;
export const Locale = v10.Locale;
export const MessageFlags = v10.MessageFlags;
export const MessageReferenceType = v10.MessageReferenceType;
export const MessageType = v10.MessageType;
export type MessageType = V10.MessageType;
export const OverwriteType = v10.OverwriteType;
export const PermissionFlagsBits = v10.PermissionFlagsBits;

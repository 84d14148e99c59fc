import { describe, expect, it } from 'vitest';
import { readConfig, type HeraldConfig } from '../../src/config';

const DEFAULTS: HeraldConfig = {
  discordToken: null,
  discordApplicationId: null,
  discordPublicKey: null,
  discordApiBase: 'https://discord.com/api/v10',
  discordGatewayUrl: null,
  adminToken: null,
  openaiApiKey: null,
  openaiBaseUrl: 'https://api.openai.com/v1',
  aiModel: 'gpt-4o-mini',
  takeoverTimeoutSeconds: 180,
  escalationWebhookUrl: null,
  discordClientSecret: null,
  discordOauthUrl: 'https://discord.com/oauth2/authorize',
  sessionSecret: null,
};

const ALL_EMPTY = {
  DISCORD_TOKEN: '',
  DISCORD_APPLICATION_ID: '',
  DISCORD_PUBLIC_KEY: '',
  DISCORD_API_BASE: '',
  DISCORD_GATEWAY_URL: '',
  ADMIN_TOKEN: '',
  OPENAI_API_KEY: '',
  OPENAI_BASE_URL: '',
  AI_MODEL: '',
  TAKEOVER_TIMEOUT_SECONDS: '',
  ESCALATION_WEBHOOK_URL: '',
  DISCORD_CLIENT_SECRET: '',
  DISCORD_OAUTH_URL: '',
  SESSION_SECRET: '',
};

describe('readConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(readConfig({})).toEqual(DEFAULTS);
  });

  it('treats empty strings as unset', () => {
    expect(readConfig(ALL_EMPTY)).toEqual(DEFAULTS);
  });

  it('treats whitespace-only strings as unset', () => {
    const blank = Object.fromEntries(Object.keys(ALL_EMPTY).map((key) => [key, '  \n\t ']));
    expect(readConfig(blank)).toEqual(DEFAULTS);
  });

  it('reads every value that is set', () => {
    expect(
      readConfig({
        DISCORD_TOKEN: 'MTIz.abc.def',
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
        DISCORD_API_BASE: 'http://127.0.0.1:8790/api/v10',
        DISCORD_GATEWAY_URL: 'ws://127.0.0.1:8790/gateway',
        ADMIN_TOKEN: 'admin-secret',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: 'https://llm.example/v1',
        AI_MODEL: 'gpt-4.1-mini',
        TAKEOVER_TIMEOUT_SECONDS: '600',
        ESCALATION_WEBHOOK_URL: 'https://hooks.example/escalate',
        DISCORD_CLIENT_SECRET: 'client-secret',
        DISCORD_OAUTH_URL: 'http://127.0.0.1:8790/oauth2/authorize',
        SESSION_SECRET: 'session-secret',
      }),
    ).toEqual({
      discordToken: 'MTIz.abc.def',
      discordApplicationId: '123456789012345678',
      discordPublicKey: 'ab'.repeat(32),
      discordApiBase: 'http://127.0.0.1:8790/api/v10',
      discordGatewayUrl: 'ws://127.0.0.1:8790/gateway',
      adminToken: 'admin-secret',
      openaiApiKey: 'sk-test',
      openaiBaseUrl: 'https://llm.example/v1',
      aiModel: 'gpt-4.1-mini',
      takeoverTimeoutSeconds: 600,
      escalationWebhookUrl: 'https://hooks.example/escalate',
      discordClientSecret: 'client-secret',
      discordOauthUrl: 'http://127.0.0.1:8790/oauth2/authorize',
      sessionSecret: 'session-secret',
    });
  });

  it('trims surrounding whitespace from values', () => {
    const config = readConfig({ DISCORD_TOKEN: '  tok \n', ADMIN_TOKEN: '\tadmin ', AI_MODEL: ' gpt-x ' });
    expect(config.discordToken).toBe('tok');
    expect(config.adminToken).toBe('admin');
    expect(config.aiModel).toBe('gpt-x');
  });

  it.each([
    ['https://discord.com/api/v10/', 'https://discord.com/api/v10'],
    ['http://localhost:8790/api/v10///', 'http://localhost:8790/api/v10'],
    ['http://localhost:8790/', 'http://localhost:8790'],
    ['http://localhost:8790', 'http://localhost:8790'],
    [' http://localhost:8790/api/ ', 'http://localhost:8790/api'],
  ])('strips trailing slashes from DISCORD_API_BASE %j', (value, expected) => {
    expect(readConfig({ DISCORD_API_BASE: value }).discordApiBase).toBe(expected);
  });

  it.each([
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1'],
    ['http://localhost:11434/v1//', 'http://localhost:11434/v1'],
    ['http://localhost:11434/v1', 'http://localhost:11434/v1'],
  ])('strips trailing slashes from OPENAI_BASE_URL %j', (value, expected) => {
    expect(readConfig({ OPENAI_BASE_URL: value }).openaiBaseUrl).toBe(expected);
  });

  it.each([
    ['60', 60],
    ['180', 180],
    ['3600', 3600],
    [' 90 ', 90],
  ])('reads TAKEOVER_TIMEOUT_SECONDS %j', (value, expected) => {
    expect(readConfig({ TAKEOVER_TIMEOUT_SECONDS: value }).takeoverTimeoutSeconds).toBe(expected);
  });

  it.each(['abc', '0', '-5', '-0', 'NaN', 'Infinity', '-Infinity', '12 minutes', '', '   '])(
    'falls back to 180 for invalid TAKEOVER_TIMEOUT_SECONDS %j',
    (value) => {
      expect(readConfig({ TAKEOVER_TIMEOUT_SECONDS: value }).takeoverTimeoutSeconds).toBe(180);
    },
  );

  it('does not fill in unrelated values from a partial env', () => {
    const config = readConfig({ OPENAI_API_KEY: 'sk-only' });
    expect(config).toEqual({ ...DEFAULTS, openaiApiKey: 'sk-only' });
  });
});

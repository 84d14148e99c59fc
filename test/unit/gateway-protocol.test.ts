import { describe, expect, it } from 'vitest';
import {
  GATEWAY_QUERY,
  INTENTS,
  RESUMABLE_CLOSE_CODE,
  Recovery,
  closeCodeReason,
  closeCodeRecovery,
  firstHeartbeatDelay,
  gatewayFetchUrl,
  identifyWait,
  initialIdentifyDelay,
  invalidSessionDelay,
  isGatewayUrl,
  reconnectDelay,
  shardForGuild,
} from '../../src/gateway/protocol';

describe('closeCodeRecovery', () => {
  // Discord's gateway close-code table, plus the WebSocket codes we see and our own zombie close (4900).
  const cases: Array<[code: number, recovery: Recovery]> = [
    [4000, Recovery.Resume], // Unknown error
    [4001, Recovery.Resume], // Unknown opcode
    [4002, Recovery.Resume], // Decode error
    [4003, Recovery.Resume], // Not authenticated
    [4004, Recovery.Stop], // Authentication failed
    [4005, Recovery.Resume], // Already authenticated
    [4006, Recovery.Resume], // (unused by Discord)
    [4007, Recovery.Reconnect], // Invalid seq
    [4008, Recovery.Resume], // Rate limited
    [4009, Recovery.Reconnect], // Session timed out
    [4010, Recovery.Stop], // Invalid shard
    [4011, Recovery.Stop], // Sharding required
    [4012, Recovery.Stop], // Invalid API version
    [4013, Recovery.Stop], // Invalid intent(s)
    [4014, Recovery.Stop], // Disallowed intent(s)
    [1000, Recovery.Reconnect], // Normal closure: Discord invalidates the session
    [1001, Recovery.Reconnect], // Going away: Discord invalidates the session
    [1006, Recovery.Resume], // Abnormal closure (no close frame)
    [4900, Recovery.Resume], // Our own resumable close
  ];

  it.each(cases)('close code %i → %s', (code, recovery) => {
    expect(closeCodeRecovery(code)).toBe(recovery);
  });

  it('exactly 4004 and 4010–4014 stop among 4000–4014', () => {
    const stopping = [];
    for (let code = 4000; code <= 4014; code++) if (closeCodeRecovery(code) === Recovery.Stop) stopping.push(code);
    expect(stopping).toEqual([4004, 4010, 4011, 4012, 4013, 4014]);
  });

  it('our own close code is resumable', () => {
    expect(RESUMABLE_CLOSE_CODE).toBe(4900);
    expect(closeCodeRecovery(RESUMABLE_CLOSE_CODE)).toBe(Recovery.Resume);
  });
});

describe('closeCodeReason', () => {
  it.each([
    [4004, '4004 AuthenticationFailed'],
    [4010, '4010 InvalidShard'],
    [4011, '4011 ShardingRequired'],
    [4012, '4012 InvalidAPIVersion'],
    [4013, '4013 InvalidIntents'],
    [4014, '4014 DisallowedIntents'],
    [4007, '4007 InvalidSeq'],
    [4009, '4009 SessionTimedOut'],
  ])('names Discord close code %i', (code, reason) => {
    expect(closeCodeReason(code)).toBe(reason);
  });

  it.each([[1000], [1006], [4006], [4900]])('gives the bare number for unnamed code %i', (code) => {
    expect(closeCodeReason(code)).toBe(String(code));
  });
});

describe('firstHeartbeatDelay', () => {
  const interval = 41_250;

  it.each([0, 0.25, 0.5, 0.999, 0.9999999, 1, 1.5, -0.5])('stays within [0, interval) for random %d', (random) => {
    const delay = firstHeartbeatDelay(interval, random);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(interval);
    expect(Number.isInteger(delay)).toBe(true);
  });

  it('scales with the jitter', () => {
    expect(firstHeartbeatDelay(interval, 0)).toBe(0);
    expect(firstHeartbeatDelay(interval, 0.5)).toBe(20_625);
    expect(firstHeartbeatDelay(1000, 0.25)).toBe(250);
  });
});

describe('reconnectDelay', () => {
  it('doubles from 1 s and caps at 60 s (without jitter)', () => {
    const delays = Array.from({ length: 10 }, (_, attempt) => reconnectDelay(attempt, 0));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('never decreases as attempts grow', () => {
    for (const random of [0, 0.5, 0.999]) {
      for (let attempt = 1; attempt < 30; attempt++) {
        expect(reconnectDelay(attempt, random)).toBeGreaterThanOrEqual(reconnectDelay(attempt - 1, random));
      }
    }
  });

  it.each([0, 0.5, 0.999999])('is at most 61 s even for huge attempt counts (random %d)', (random) => {
    for (const attempt of [6, 7, 20, 1000]) {
      const delay = reconnectDelay(attempt, random);
      expect(delay).toBeGreaterThanOrEqual(60_000);
      expect(delay).toBeLessThan(61_000);
    }
  });

  it('adds under a second of jitter', () => {
    expect(reconnectDelay(0, 0.5)).toBe(1500);
    expect(reconnectDelay(2, 0.999999)).toBe(4999);
  });
});

describe('invalidSessionDelay', () => {
  it.each([0, 0.1, 0.5, 0.9, 0.999999, 1])('is within 1–5 s for random %d', (random) => {
    const delay = invalidSessionDelay(random);
    expect(delay).toBeGreaterThanOrEqual(1000);
    expect(delay).toBeLessThanOrEqual(5000);
  });

  it('spans the whole range', () => {
    expect(invalidSessionDelay(0)).toBe(1000);
    expect(invalidSessionDelay(0.5)).toBe(3000);
    expect(invalidSessionDelay(0.999999)).toBe(4999);
  });
});

describe('shardForGuild', () => {
  const byFormula = (guildId: string, shards: number): number => Number((BigInt(guildId) >> 22n) % BigInt(shards));

  // (guild_id >> 22) computed outside JavaScript: 197038439483310086 >> 22 = 46977624770,
  // 1234567890123456789 >> 22 = 294343922167, 81384788765712384 >> 22 = 19403645698.
  it.each([
    ['197038439483310086', 1, 0],
    ['197038439483310086', 2, 0],
    ['197038439483310086', 3, 2],
    ['197038439483310086', 7, 6],
    ['197038439483310086', 16, 2],
    ['197038439483310086', 100, 70],
    ['1234567890123456789', 2, 1],
    ['1234567890123456789', 5, 2],
    ['1234567890123456789', 16, 7],
    ['81384788765712384', 3, 1],
    ['81384788765712384', 100, 98],
  ])('guild %s with %i shards → shard %i', (guildId, shards, expected) => {
    expect(shardForGuild(guildId, shards)).toBe(expected);
    expect(shardForGuild(guildId, shards)).toBe(byFormula(guildId, shards));
  });

  it('uses exact integer arithmetic beyond 2^53', () => {
    // (2^53 + 3 * 2^22 + 1) >> 22 = 2^31 + 3; a float conversion of the id would not be exact.
    const id = (2n ** 53n + 3n * 2n ** 22n + 1n).toString();
    expect(shardForGuild(id, 1 << 20)).toBe(Number(((2n ** 53n + 3n * 2n ** 22n + 1n) >> 22n) % BigInt(1 << 20)));
    expect(shardForGuild(id, 1 << 20)).toBe(3);
  });

  it('treats a shard count below 1 as one shard', () => {
    expect(shardForGuild('197038439483310086', 0)).toBe(0);
    expect(shardForGuild('1234567890123456789', -4)).toBe(0);
  });

  it('puts every guild of a sequence in a valid shard', () => {
    for (let i = 0n; i < 50n; i++) {
      const id = (197038439483310086n + i * 4_194_304n).toString();
      const shard = shardForGuild(id, 4);
      expect(shard).toBe(byFormula(id, 4));
      expect(shard).toBe(Number((46977624770n + i) % 4n));
    }
  });
});

describe('gatewayFetchUrl', () => {
  it.each([
    ['wss://gateway.discord.gg', 'https://gateway.discord.gg/?v=10&encoding=json'],
    ['wss://gateway.discord.gg/', 'https://gateway.discord.gg/?v=10&encoding=json'],
    ['ws://127.0.0.1:8787/gateway', 'http://127.0.0.1:8787/gateway?v=10&encoding=json'],
    ['wss://gateway-us-east1-b.discord.gg?v=9&encoding=etf&compress=zlib-stream', 'https://gateway-us-east1-b.discord.gg/?v=10&encoding=json'],
    ['ws://localhost:9000/ws?foo=bar', 'http://localhost:9000/ws?v=10&encoding=json'],
    ['https://gateway.discord.gg', 'https://gateway.discord.gg/?v=10&encoding=json'],
    ['http://localhost:9000/?v=6', 'http://localhost:9000/?v=10&encoding=json'],
  ])('%s → %s', (base, expected) => {
    expect(gatewayFetchUrl(base)).toBe(expected);
  });

  it('uses the documented query', () => {
    expect(GATEWAY_QUERY).toBe('v=10&encoding=json');
    const url = new URL(gatewayFetchUrl('wss://gateway.discord.gg?encoding=etf'));
    expect(url.searchParams.get('v')).toBe('10');
    expect(url.searchParams.get('encoding')).toBe('json');
    expect([...url.searchParams.keys()]).toEqual(['v', 'encoding']);
  });
});

describe('INTENTS', () => {
  it('includes Guilds, GuildMessages and MessageContent', () => {
    expect(INTENTS & 1).toBe(1);
    expect(INTENTS & 512).toBe(512);
    expect(INTENTS & 32_768).toBe(32_768);
  });

  it('does not include the privileged GuildMembers or GuildPresences intents', () => {
    expect(INTENTS & 2).toBe(0);
    expect(INTENTS & 256).toBe(0);
  });

  it('is exactly those three intents and AutoModerationExecution (for the AutoMod bridge)', () => {
    expect(INTENTS).toBe(1 | 512 | 32_768 | 2_097_152);
    expect(INTENTS).toBe(2_130_433);
  });
});

describe('identify pacing', () => {
  it.each([
    [0, 1, 0],
    [1, 1, 5_000],
    [3, 1, 15_000],
    [0, 16, 0],
    [15, 16, 0],
    [16, 16, 5_000],
    [40, 16, 10_000],
  ])('shard %i with max_concurrency %i waits %i ms before its first identify', (shardId, maxConcurrency, expected) => {
    expect(initialIdentifyDelay(shardId, maxConcurrency)).toBe(expected);
  });

  it('identifies at once while the daily budget lasts or is unknown', () => {
    expect(identifyWait({ remaining: 999, resetAt: 5_000 }, 1_000)).toBe(0);
    expect(identifyWait({ remaining: null, resetAt: null }, 1_000)).toBe(0);
  });

  it('waits for the reset when the session start budget is used up', () => {
    expect(identifyWait({ remaining: 0, resetAt: 61_000 }, 1_000)).toBe(60_000);
    expect(identifyWait({ remaining: 0, resetAt: 500 }, 1_000)).toBe(0);
    expect(identifyWait({ remaining: 0, resetAt: null }, 1_000)).toBeGreaterThan(0);
  });
});

describe('isGatewayUrl', () => {
  it.each(['wss://gateway-us-east1-b.discord.gg', 'ws://127.0.0.1:9/gateway'])('accepts %s', (url) => {
    expect(isGatewayUrl(url)).toBe(true);
  });

  it.each(['', 'x', 'http://gateway.discord.gg', 'javascript:alert(1)', 'ws://'])('refuses %j', (url) => {
    expect(isGatewayUrl(url)).toBe(false);
  });
});

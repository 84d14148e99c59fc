import { describe, expect, it } from 'vitest';
import { answerButtons } from '../../src/feedback/buttons';
import { replyBodies } from '../../src/discord/messages';
import { withComponents } from '../../src/guild/discord-output';

describe('answer buttons', () => {
  it('go on the last part of a split answer only, in one action row', () => {
    const buttons = answerButtons('123', { human: true, forumThreadId: null });
    const bodies = withComponents(replyBodies('word '.repeat(900), { messageId: '1', channelId: '2', guildId: '3' }, '1'), buttons);
    expect(bodies.length).toBeGreaterThan(1);
    expect(bodies.slice(0, -1).every((body) => body.components === undefined)).toBe(true);
    expect(bodies.at(-1)!.components).toEqual(buttons);
    expect(buttons).toHaveLength(1);
  });

  it('adds "Solved" in a forum post, within Discord\'s five buttons a row', () => {
    const [row] = answerButtons('123', { human: true, forumThreadId: '456' });
    expect(row!.components.map((c) => c.custom_id)).toEqual(['herald:vote:up:123', 'herald:vote:down:123', 'herald:human:123', 'herald:solved:456']);
  });
});

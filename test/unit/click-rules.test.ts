import { describe, expect, it } from 'vitest';
import { checkAnswerClick, MANAGE_THREADS, mayCloseTicket, maySolve, parseVote } from '../../src/feedback/click-rules';

const ROW = { answerId: 'q1', messageId: 'm1', channelId: 'c1', userId: 'u1', question: 'q', answered: true };

describe('button click rules', () => {
  it("an answer's buttons work only on that answer's message in its channel", () => {
    expect(checkAnswerClick(ROW, { channelId: 'c1', messageId: 'm1' })).toEqual({ ok: true });
    expect(checkAnswerClick(null, { channelId: 'c1', messageId: 'm1' })).toMatchObject({ ok: false, why: 'unknown-answer' });
    expect(checkAnswerClick(ROW, { channelId: 'c2', messageId: 'm1' })).toMatchObject({ ok: false, why: 'other-channel' });
    expect(checkAnswerClick(ROW, { channelId: 'c1', messageId: 'm2' })).toMatchObject({ ok: false, why: 'other-message' });
    expect(checkAnswerClick({ ...ROW, messageId: null }, { channelId: 'c1', messageId: 'm1' })).toMatchObject({ ok: false });
  });

  it('parses votes strictly', () => {
    expect(parseVote(['up', 'q1'])).toEqual({ vote: 'up', answerId: 'q1' });
    expect(parseVote(['sideways', 'q1'])).toBeNull();
    expect(parseVote(['up'])).toBeNull();
    expect(parseVote(['up', 'q1', 'x'])).toBeNull();
  });

  it('"Solved": the poster or staff with Manage Threads, in the thread itself', () => {
    const click = { userId: 'poster', permissions: '0', channelId: 't1' };
    expect(maySolve({ posterId: 'poster' }, click, 't1')).toEqual({ ok: true });
    expect(maySolve({ posterId: 'poster' }, { ...click, userId: 'other' }, 't1')).toMatchObject({ ok: false, why: 'not-poster' });
    expect(maySolve({ posterId: 'poster' }, { ...click, userId: 'mod', permissions: MANAGE_THREADS.toString() }, 't1')).toEqual({ ok: true });
    expect(maySolve({ posterId: 'poster' }, { ...click, channelId: 't2' }, 't1')).toMatchObject({ ok: false, why: 'unknown-thread' });
    expect(maySolve(null, click, 't1')).toMatchObject({ ok: false });
    expect(maySolve({ posterId: 'poster' }, { ...click, userId: 'x', permissions: 'junk' }, 't1')).toMatchObject({ ok: false });
  });

  it('"Close ticket": the member or staff, on an open ticket, in its thread', () => {
    const click = { userId: 'member', roleIds: [], permissions: '0', channelId: 't1' };
    const open = { userId: 'member', open: true };
    expect(mayCloseTicket(open, click, 't1', ['staff'])).toEqual({ ok: true });
    expect(mayCloseTicket(open, { ...click, userId: 'other' }, 't1', ['staff'])).toMatchObject({ ok: false, why: 'not-allowed' });
    expect(mayCloseTicket(open, { ...click, userId: 'other', roleIds: ['staff'] }, 't1', ['staff'])).toEqual({ ok: true });
    expect(mayCloseTicket({ ...open, open: false }, click, 't1', [])).toMatchObject({ ok: false, why: 'closed' });
    expect(mayCloseTicket(open, { ...click, channelId: 't9' }, 't1', [])).toMatchObject({ ok: false, why: 'unknown-ticket' });
  });
});

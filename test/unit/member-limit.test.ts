import { describe, expect, it } from 'vitest';
import { decideMemberLimit, MEMBER_LIMIT_WINDOW_MS } from '../../src/usage/member-limit';

const NOW = 1_800_000_000_000;

describe('decideMemberLimit', () => {
  it('answers without a cap, however many answers', () => {
    expect(decideMemberLimit({ cap: null, answersInWindow: 10_000, lastNoticeAt: null, now: NOW })).toEqual({ kind: 'answer' });
  });

  it('answers under the cap', () => {
    expect(decideMemberLimit({ cap: 3, answersInWindow: 2, lastNoticeAt: null, now: NOW })).toEqual({ kind: 'answer' });
  });

  it('gives one notice at the cap, then silence within the hour', () => {
    expect(decideMemberLimit({ cap: 3, answersInWindow: 3, lastNoticeAt: null, now: NOW })).toEqual({ kind: 'notice' });
    expect(decideMemberLimit({ cap: 3, answersInWindow: 3, lastNoticeAt: NOW - 1_000, now: NOW })).toEqual({ kind: 'silent' });
    expect(decideMemberLimit({ cap: 3, answersInWindow: 5, lastNoticeAt: NOW - MEMBER_LIMIT_WINDOW_MS + 1, now: NOW })).toEqual({ kind: 'silent' });
  });

  it('notices again once the last notice is an hour old', () => {
    expect(decideMemberLimit({ cap: 1, answersInWindow: 1, lastNoticeAt: NOW - MEMBER_LIMIT_WINDOW_MS, now: NOW })).toEqual({ kind: 'notice' });
  });
});

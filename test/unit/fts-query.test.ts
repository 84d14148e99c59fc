import { describe, expect, it } from 'vitest';
import { queryTerms, toFtsQuery } from '../../src/knowledge/fts-query';

// Only quoted strings of word characters joined by OR: nothing FTS5 could read as an operator.
const SAFE_QUERY = /^"[\p{L}\p{N}\p{M}]+"(?: OR "[\p{L}\p{N}\p{M}]+")*$/u;

describe('queryTerms and toFtsQuery', () => {
  it.each([
    ['How do I get a refund?', ['refund']],
    ['Hello bot, what are the server RULES please', ['server', 'rules']],
    ['Refund refund REFUND policy', ['refund', 'policy']],
    ['x y z 42 is ok', ['42']],
    ['Café naïve résumé', ['café', 'naïve', 'résumé']],
    ['Как получить роль?', ['как', 'получить', 'роль']],
    ["doesn't work", ['doesn', 'work']],
  ])('extracts the terms of %j', (text, expected) => {
    expect(queryTerms(text)).toEqual(expected);
  });

  it.each([
    ['<@123456789012345678> refund', ['refund']],
    ['<@!123456789012345678> refund', ['refund']],
    ['<@&123456789012345678> roles', ['roles']],
    ['<#123456789012345678> channel', ['channel']],
    ['<:pepe:123456789012345678> emoji', ['emoji']],
    ['<a:dance:123456789012345678> animated', ['animated']],
  ])('strips Discord markup from %j', (text, expected) => {
    expect(queryTerms(text)).toEqual(expected);
  });

  it('caps the number of terms at 12', () => {
    const text = Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ');
    expect(queryTerms(text)).toEqual(Array.from({ length: 12 }, (_, index) => `word${index}`));
  });

  it('drops absurdly long tokens such as pasted hashes', () => {
    expect(queryTerms(`token ${'a'.repeat(65)} ${'b'.repeat(64)}`)).toEqual(['token', 'b'.repeat(64)]);
  });

  it('quotes every term and joins with OR', () => {
    expect(toFtsQuery('How do I reset my password?')).toBe('"reset" OR "password"');
    expect(toFtsQuery('ban appeal')).toBe('"ban" OR "appeal"');
  });

  it.each([
    [''],
    ['   '],
    ['the a an is are how do i you'],
    ['hi hello hey bot please'],
    ['?!?!'],
    ['🎉🔥💯'],
    ['<@123456789012345678> <#123456789012345678>'],
    ['a b c'],
    ['"'],
    ['*'],
    ['-'],
  ])('returns null when nothing searchable remains in %j', (text) => {
    expect(toFtsQuery(text)).toBeNull();
  });

  it.each([
    ['NEAR(refund policy, 5)', '"near" OR "refund" OR "policy"'],
    ['"unbalanced quote', '"unbalanced" OR "quote"'],
    ['prefix* search*', '"prefix" OR "search"'],
    ['-excluded term', '"excluded" OR "term"'],
    ['AND OR NOT', '"not"'],
    ['title:refund', '"title" OR "refund"'],
    ['{col1 col2}: value', '"col1" OR "col2" OR "value"'],
    ['^start + plus', '"start" OR "plus"'],
    ['refund 🎉 now', '"refund" OR "now"'],
    ["Robert'); DROP TABLE docs;--", '"robert" OR "drop" OR "table" OR "docs"'],
  ])('neutralises FTS syntax in %j', (text, expected) => {
    const query = toFtsQuery(text);
    expect(query).toBe(expected);
    expect(query).toMatch(SAFE_QUERY);
  });

  it.each([
    ['\u0000\u0001 control chars'],
    ['\uD800 lone surrogate word'],
    ['x'.repeat(100_000)],
    [Array.from({ length: 5000 }, (_, index) => `w${index}`).join(' ')],
  ])('never throws and stays safe for odd input %#', (text) => {
    const query = toFtsQuery(text);
    if (query !== null) expect(query).toMatch(SAFE_QUERY);
  });
});

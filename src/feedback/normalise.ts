// Questions are grouped for insights by a normalised form, so "How do I reset my password?" and
// "how do i reset my password" count as one unanswered question: lowercase, accents folded, punctuation and
// whitespace folded to single spaces, and common English filler words dropped.

/** Words that carry no topic; dropped so "how do I reset my password" and "reset password?" group together. */
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'i', 'me', 'my', 'we', 'our', 'you', 'your', 'it', 'its', 'is', 'are', 'was', 'be', 'am',
  'do', 'does', 'did', 'can', 'could', 'would', 'should', 'will', 'how', 'what', 'where', 'when', 'why', 'who',
  'which', 'to', 'of', 'in', 'on', 'for', 'with', 'at', 'by', 'from', 'and', 'or', 'so', 'if', 'please', 'pls',
  'hi', 'hello', 'hey', 'there', 'this', 'that', 'any', 'anyone', 'someone', 'there', 'get', 'im',
]);

/** At most this many characters of a normalised question are kept (the grouping key). */
export const MAX_NORMALISED_CHARS = 200;

export function normaliseQuestion(question: string): string {
  const folded = question
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    // Letters NFKD does not split into base + accent.
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss')
    // Discord mentions and custom emoji say nothing about the topic.
    .replace(/<(?:@[!&]?|#|a?:\w+:)\d+>/g, ' ')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const words = folded.split(' ').filter((word) => word !== '');
  const content = words.filter((word) => !STOP_WORDS.has(word));
  // A question made only of filler words ("how do I?") keeps them rather than becoming empty.
  return (content.length > 0 ? content : words).join(' ').slice(0, MAX_NORMALISED_CHARS);
}

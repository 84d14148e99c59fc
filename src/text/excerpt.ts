// Cutting a knowledge passage down to a readable excerpt: at the last sentence end within the limit, or,
// when that would throw away too much, at a word with an ellipsis.

const SENTENCE_END = /[.!?。！？]["'”’)\]]*(?=\s|$)/gu;

export function excerptOf(text: string, maxChars: number, minSentenceCut: number): string {
  const trimmed = text.trim().replace(/\n{3,}/g, '\n\n');
  if (trimmed.length <= maxChars) return trimmed;
  const window = trimmed.slice(0, maxChars);
  let sentenceEnd = -1;
  for (const match of window.matchAll(SENTENCE_END)) sentenceEnd = match.index + match[0].length;
  if (sentenceEnd >= minSentenceCut) return window.slice(0, sentenceEnd);
  const lastSpace = window.lastIndexOf(' ', maxChars - 1);
  const cut = lastSpace >= minSentenceCut ? lastSpace : maxChars - 1;
  return `${window.slice(0, cut).trimEnd()}…`;
}

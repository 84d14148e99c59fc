// Trimming a set of characters off the end of a text in one backwards pass. The regex form `/[.!]+$/`
// restarts at every character of a long run that is not at the end, so it is quadratic on "....x".

export function trimEndChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

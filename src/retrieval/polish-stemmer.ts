// A light Polish stemmer (no Snowball stemmer exists for Polish): strips the commonest inflectional endings of
// nouns, adjectives and verbs, longest first, keeping at least MIN_STEM letters. It conflates "zwrot", "zwroty",
// "zwrotów" and "wadliwy", "wadliwego", "wadliwych"; it does not undo stem alternations ("ręka" / "ręce").

const MIN_STEM = 3;

// Longest first, so "-owania" wins over "-a".
const ENDINGS = [
  'owaniami', 'owaniach', 'owania', 'owanie', 'owaniu', 'owaniem',
  'ościami', 'ościach', 'ością', 'ości', 'ość',
  'iejszy', 'iejsza', 'iejsze', 'ejszy', 'ejsza', 'ejsze',
  'owego', 'owemu', 'owych', 'owymi',
  'ającego', 'ującego', 'ające', 'ujące', 'ający', 'ujący', 'ująca', 'ująca',
  'iami', 'iach', 'iego', 'iemu', 'ymi', 'imi', 'ego', 'emu', 'ych', 'ich', 'ami', 'ach', 'owi', 'iem',
  'ować', 'ywać', 'iwać', 'ują', 'uje', 'esz', 'isz', 'ysz', 'emy', 'imy', 'ymy', 'ecie', 'icie',
  'ów', 'om', 'em', 'ie', 'ej', 'ą', 'ę', 'ać', 'ić', 'eć', 'yć', 'ał', 'ił', 'ła', 'li',
  'y', 'i', 'a', 'o', 'u', 'e',
];

export function stemPolish(word: string): string {
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && [...word].length - [...ending].length >= MIN_STEM) return word.slice(0, word.length - ending.length);
  }
  return word;
}

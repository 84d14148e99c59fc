// HTML/XML character references, decoded in one linear pass (HTMLRewriter hands text over still encoded).

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  deg: '°',
  middot: '·',
  bull: '•',
  times: '×',
  divide: '÷',
  sect: '§',
  para: '¶',
  shy: '',
  zwj: '\u200d',
  zwnj: '\u200c',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  aacute: 'á',
  agrave: 'à',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ntilde: 'ñ',
  ccedil: 'ç',
};

/** Longest reference looked at after "&" ("&#x10FFFF;" and the named ones above fit). */
const MAX_REFERENCE_CHARS = 10;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let index = 0;
  while (index < text.length) {
    const amp = text.indexOf('&', index);
    if (amp < 0) {
      out += text.slice(index);
      break;
    }
    out += text.slice(index, amp);
    // Only a few characters are looked at: scanning to the next ";" from every "&" would be quadratic.
    const window = text.slice(amp + 1, amp + 2 + MAX_REFERENCE_CHARS);
    const end = window.indexOf(';');
    const semicolon = end < 0 ? -1 : amp + 1 + end;
    const name = semicolon > amp ? text.slice(amp + 1, semicolon) : null;
    const decoded = name === null ? null : decodeReference(name);
    if (decoded === null) {
      out += '&';
      index = amp + 1;
    } else {
      out += decoded;
      index = semicolon + 1;
    }
  }
  return out;
}

function decodeReference(name: string): string | null {
  if (name.startsWith('#')) {
    const hex = name[1] === 'x' || name[1] === 'X';
    const digits = name.slice(hex ? 2 : 1);
    if (digits === '' || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
    const code = Number.parseInt(digits, hex ? 16 : 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  }
  return Object.hasOwn(NAMED, name) ? NAMED[name]! : null;
}

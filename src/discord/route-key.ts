// Discord rate-limits per route with "major parameters" (channel, guild, webhook) kept and other ids folded,
// so two messages in one channel share a bucket and messages in two channels do not. Each interaction is
// its own route (callbacks have a 3 s deadline and must not queue behind each other); tokens never appear.

const MAJOR = new Set(['channels', 'guilds', 'webhooks', 'interactions']);

export function routeKey(method: string, path: string): string {
  const parts = path.split('?')[0]!.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const previous = parts[i - 1];
    if (previous && MAJOR.has(previous)) out.push(part);
    else if (parts[1] === 'interactions' && i === 3) out.push(':token');
    else if (parts[1] === 'webhooks' && i === 3) out.push(part);
    else if (/^\d{5,}$/.test(part)) out.push(':id');
    else out.push(part);
  }
  return `${method} ${out.join('/')}`;
}

/** The major parameter of a path (the first channel, guild, webhook or interaction id), '' when none. */
export function majorParameter(path: string): string {
  const match = /^\/(channels|guilds|webhooks|interactions)\/(\d+)/.exec(path);
  return match ? `${match[1]}/${match[2]}` : '';
}

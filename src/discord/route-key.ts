// Discord rate-limits per route with "major parameters" (channel, guild, webhook) kept and other ids folded,
// so two messages in one channel share a bucket and messages in two channels do not.

const MAJOR = new Set(['channels', 'guilds', 'webhooks']);

export function routeKey(method: string, path: string): string {
  const parts = path.split('?')[0]!.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const previous = parts[i - 1];
    if (/^\d{5,}$/.test(part) && !(previous && MAJOR.has(previous))) out.push(':id');
    else if (previous === 'webhooks' || (parts[i - 2] === 'webhooks' && i === 3)) out.push(part);
    else if (parts[i - 2] === 'interactions') out.push(':token');
    else out.push(part);
  }
  const key = out.join('/');
  return `${method} ${key}`;
}

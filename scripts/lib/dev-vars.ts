// The repo's .dev.vars (the file wrangler reads for local secrets) as NAME=VALUE pairs, for the scripts that
// talk to Discord with the same configuration the worker uses (register-commands, doctor).
import { existsSync, readFileSync } from 'node:fs';

/** NAME=VALUE lines of `path` (default: the repo's .dev.vars), if it exists; quotes and `export ` are dropped. */
export function readDevVars(path: URL = new URL('../../.dev.vars', import.meta.url)): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const [, name, raw] = match;
    if (name === undefined || raw === undefined) continue;
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    vars[name] = quoted?.[2] ?? raw;
  }
  return vars;
}

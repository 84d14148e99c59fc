// `npm run doctor [-- options]`: checks a Herald configuration against Discord (token, application id, public
// key, privileged intents, interactions endpoint, /ask, the bot's permissions in each server against the
// features its settings enable) and prints what to fix. Exit status: 0 all good (warnings allowed), 1 something
// to fix, 2 bad arguments. Read-only.
import { parseArgs } from 'node:util';
import { exitCodeOf, formatReport } from './doctor/checks.js';
import { DEFAULT_MAX_GUILDS, MAX_GUILDS_LIMIT, runDoctor, type DoctorConfig } from './doctor/run.js';
import { intOption, UsageError } from './lib/cli.js';
import { readDevVars } from './lib/dev-vars.js';

const USAGE = `usage: npm run doctor -- [options]
  --api-base <url>         Discord REST base, version included (DISCORD_API_BASE; default https://discord.com/api/v10)
  --token <token>          the bot token (DISCORD_TOKEN)
  --application-id <id>    the application id (DISCORD_APPLICATION_ID)
  --public-key <hex>       the interactions public key (DISCORD_PUBLIC_KEY)
  --worker <url>           the worker's origin, e.g. https://herald.example.workers.dev: its settings say which
                           features each server uses (needs --admin-token)
  --admin-token <token>    the worker's ADMIN_TOKEN
  --guild <id>             check only this server (repeatable)
  --max-guilds <n>         check at most n servers (default ${DEFAULT_MAX_GUILDS}, at most ${MAX_GUILDS_LIMIT})
Options win over the environment, which wins over .dev.vars.`;

const SNOWFLAKE = /^\d{17,20}$/;

function configOf(argv: string[], env: Record<string, string | undefined>): DoctorConfig | 'help' {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        'api-base': { type: 'string' },
        token: { type: 'string' },
        'application-id': { type: 'string' },
        'public-key': { type: 'string' },
        worker: { type: 'string' },
        'admin-token': { type: 'string' },
        guild: { type: 'string', multiple: true },
        'max-guilds': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    // parseArgs throws on unknown flags or a missing value.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const devVars = readDevVars();
  // An empty value counts as unset, as in the worker's own config.
  const setting = (flag: string | undefined, name: string): string | null => (flag ?? env[name] ?? devVars[name] ?? '').trim() || null;
  const apiBase = (setting(values['api-base'], 'DISCORD_API_BASE') ?? 'https://discord.com/api/v10').replace(/\/+$/, '');
  const workerUrl = values.worker?.trim() || null;
  for (const [name, url] of [['--api-base', apiBase], ['--worker', workerUrl]] as const) {
    if (url !== null && !/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`${name} must be an http(s) URL, not '${url}'`);
  }
  const guildIds = values.guild ?? null;
  for (const id of guildIds ?? []) if (!SNOWFLAKE.test(id)) throw new UsageError(`--guild must be a server id (17 to 20 digits), not '${id}'`);
  const applicationId = setting(values['application-id'], 'DISCORD_APPLICATION_ID');
  if (applicationId !== null && !SNOWFLAKE.test(applicationId)) throw new UsageError(`the application id must be 17 to 20 digits, not '${applicationId}'`);
  return {
    apiBase,
    token: setting(values.token, 'DISCORD_TOKEN'),
    applicationId,
    publicKey: setting(values['public-key'], 'DISCORD_PUBLIC_KEY'),
    workerUrl,
    adminToken: setting(values['admin-token'], 'ADMIN_TOKEN'),
    guildIds,
    maxGuilds: intOption('--max-guilds', values['max-guilds'], DEFAULT_MAX_GUILDS, 1, MAX_GUILDS_LIMIT),
  };
}

let config: DoctorConfig | 'help';
try {
  config = configOf(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`doctor: ${error.message}\n${USAGE}`);
  process.exit(2);
}
if (config === 'help') {
  console.log(USAGE);
  process.exit(0);
}

console.log(`Herald doctor: checking ${config.apiBase}${config.workerUrl ? ` and ${config.workerUrl}` : ''}\n`);
try {
  const findings = await runDoctor(config);
  console.log(formatReport(findings));
  process.exitCode = exitCodeOf(findings);
} catch (error) {
  console.error(`doctor: the check stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}

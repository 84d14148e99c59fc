// Command-line pieces shared by the scripts (bench, soak, fuzz): one error type for bad arguments (the script
// prints it with its usage and exits 2), and the option readers they all need.

import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export class UsageError extends Error {}

/** The script's flags (strict: no unknown flags, no positionals); a bad one becomes a UsageError. */
export function scriptArgs<const O extends ParseArgsOptionsConfig>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `raw` as a whole number in [min, max], or `fallback` when the option was not given. */
export function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${name} must be an integer in [${min}, ${max}], not '${raw}'`);
  return value;
}

/** `--wrangler-output`: whether wrangler's own log is shown. */
export function wranglerOutputOption(raw: string | undefined): 'inherit' | 'ignore' {
  const output = raw ?? 'ignore';
  if (output !== 'inherit' && output !== 'ignore') throw new UsageError(`--wrangler-output must be 'inherit' or 'ignore', not '${output}'`);
  return output;
}

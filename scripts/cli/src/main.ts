import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiClient } from './api-client.ts';
import { applySyncs } from './apply-command.ts';
import { loadCliConfig } from './cli-config.ts';
import { CliError, EXIT } from './cli-error.ts';
import { exportSyncs } from './export-command.ts';

const USAGE = `Usage:
  pnpm tributary export [--sync NAME] [--format yaml|json] [--out FILE]
  pnpm tributary apply FILE [--dry-run] [--file NAME=PATH]...

export  writes the data syncs you may view (or the one named) as a document; secrets appear
        only as \${TRIBUTARY_<SYNC>_<FIELD>} references.
apply   creates or updates the syncs of FILE by name, all or none; --dry-run shows the
        differences and changes nothing. Each \${NAME} reference is read from this shell's
        environment; --file gives the local file for a delimited source's file name.

Environment: TRIBUTARY_URL (e.g. http://127.0.0.1:8080) and TRIBUTARY_TOKEN (an API token,
created under "API tokens" in the app). Exit codes: 0 done, 1 failed, 2 wrong usage.`;

/** `pnpm tributary` runs in the repository root; paths are meant from where the command was typed. */
const fromCaller = (path: string) => (isAbsolute(path) ? path : resolve(process.env.INIT_CWD ?? process.cwd(), path));

function usageError(message: string): CliError {
  return new CliError(`${message}\n\n${USAGE}`, EXIT.usage);
}

function parseFileOptions(values: string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const value of values) {
    const separator = value.indexOf('=');
    if (separator <= 0 || separator === value.length - 1) throw usageError(`--file ${value}: write it as NAME=PATH`);
    files.set(value.slice(0, separator), fromCaller(value.slice(separator + 1)));
  }
  return files;
}

async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sync: { type: 'string' },
        format: { type: 'string', default: 'yaml' },
        out: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        file: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command !== 'export' && command !== 'apply') {
    throw usageError(command ? `Unknown command "${command}"` : 'Give a command: export or apply');
  }

  const config = loadCliConfig(process.env);
  if ('problems' in config) throw new CliError(config.problems.join('\n'), EXIT.usage);
  const api = createApiClient(config);

  if (command === 'export') {
    if (rest.length > 0) throw usageError(`export takes no file argument (got ${rest.join(' ')}); use --out FILE`);
    if (values.format !== 'yaml' && values.format !== 'json') throw usageError('--format must be yaml or json');
    const outFile = values.out === undefined ? undefined : fromCaller(values.out);
    const { text, summary } = await exportSyncs(api, { syncName: values.sync, format: values.format, outFile });
    if (outFile) console.error(`Wrote ${summary} to ${outFile}`);
    else process.stdout.write(text);
    return;
  }

  if (rest.length !== 1) throw usageError('apply takes exactly one FILE');
  const report = await applySyncs(
    api,
    { file: fromCaller(rest[0]!), dryRun: values['dry-run'], files: parseFileOptions(values.file) },
    process.env,
  );
  console.log(report);
}

try {
  await run(process.argv.slice(2));
  process.exitCode = EXIT.ok;
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  console.error(`Error: ${error.message}`);
  process.exitCode = error.exitCode;
}

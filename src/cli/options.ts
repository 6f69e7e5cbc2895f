/**
 * The command line, declared once: each flag with its type, default and description. Parsing
 * (node's util.parseArgs: built in, maintained with Node, enough for flat flags) and --help both
 * come from this table.
 */
import { parseArgs } from 'node:util';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  value?: string;
  description: string;
}

export const FLAGS = {
  command: {
    type: 'string',
    short: 'c',
    multiple: true,
    value: 'SQL',
    description: 'run the SQL and exit (repeatable)',
  },
  file: {
    type: 'string',
    short: 'f',
    multiple: true,
    value: 'FILE',
    description: 'run the statements in FILE and exit (repeatable; - is stdin)',
  },
  'data-dir': {
    type: 'string',
    value: 'DIR',
    description: 'where the catalog lives (default: $SLUICE_DATA_DIR, else the per-user data directory)',
  },
  format: {
    type: 'string',
    value: 'FORMAT',
    description: 'output of -c, -f and stdin: table (default), json or csv',
  },
  'continue-on-error': {
    type: 'boolean',
    description: 'run the remaining statements after one fails (exit code is still 1)',
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  version: { type: 'boolean', short: 'V', description: 'print the version' },
} as const satisfies Record<string, FlagSpec>;

export interface CliOptions {
  commands: string[];
  files: string[];
  /** The -c strings and -f files in the order given: they run in that order, as in psql. */
  scripts: ({ command: string } | { file: string })[];
  dataDir?: string;
  format: OutputFormat;
  continueOnError: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export function parseCli(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  const scripts: CliOptions['scripts'] = [];
  try {
    let tokens: ReturnType<typeof parseArgs>['tokens'];
    ({ values, positionals, tokens } = parseArgs({
      args: [...argv],
      options: FLAGS,
      allowPositionals: true,
      strict: true,
      tokens: true,
    }));
    for (const token of tokens ?? []) {
      if (token.kind !== 'option' || token.value === undefined) continue;
      if (token.name === 'command') scripts.push({ command: token.value });
      if (token.name === 'file') scripts.push({ file: token.value });
    }
  } catch (err) {
    // parseArgs' messages go on about positional arguments, which sluice does not take: keep the first sentence.
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(message.split(/(?<=\.)\s/)[0] ?? message);
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument '${positionals[0]}' (SQL goes after -c)`);
  const format = (values.format as string | undefined) ?? 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, not '${format}'`);
  }
  return {
    commands: (values.command as string[] | undefined) ?? [],
    files: (values.file as string[] | undefined) ?? [],
    scripts,
    ...(values['data-dir'] !== undefined && { dataDir: values['data-dir'] as string }),
    format: format as OutputFormat,
    continueOnError: values['continue-on-error'] === true,
    help: values.help === true,
    version: values.version === true,
  };
}

export function helpText(version: string): string {
  const rows = Object.entries(FLAGS).map(([name, spec]) => {
    const short = 'short' in spec ? `-${spec.short}, ` : '    ';
    const value = 'value' in spec ? ` ${spec.value}` : '';
    return [`  ${short}--${name}${value}`, spec.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return `sluice ${version}: a SQL shell that streams into Kafka exactly once

Usage:
  sluice                      open the interactive shell (when stdin is a terminal)
  sluice -c "SQL" [-c ...]    run SQL and exit
  sluice -f script.sql        run a script and exit
  sluice < script.sql         run SQL from stdin and exit

Options:
${rows.map(([left, description]) => left.padEnd(width) + description).join('\n')}

Exit status: 0 when every statement succeeded, 1 when one failed, 2 for a usage error.
`;
}

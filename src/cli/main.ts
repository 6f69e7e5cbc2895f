/**
 * The command-line entry point. Until the shell lands it only knows --help and --version,
 * and otherwise says what it will become.
 */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const HELP = `sluice ${pkg.version}: a SQL shell that streams into Kafka exactly once

Usage: sluice [options]

Options:
  --help       show this help
  --version    print the version
`;

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-V')) {
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  process.stdout.write(`sluice ${pkg.version}: the interactive shell is not built yet; see --help.\n`);
  return 0;
}

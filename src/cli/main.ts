/**
 * The command-line entry point: flags → data directory → Session → script mode or the prompt.
 * Exit codes: 0 success, 1 a statement failed (or the shell could not start), 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { helpText, parseCli, UsageError } from './options.ts';
import type { ScriptOutput } from './run-script.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export async function main(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseCli>;
  try {
    options = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`sluice: ${err.message}\nTry 'sluice --help'.\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(helpText(pkg.version));
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }

  // Everything past --help and --version is loaded only now: the SQL parser (WebAssembly), SQLite
  // and the keychain binding together take ~100 ms to load, which --version should not pay.
  const [
    { prepareDataDir, resolveDataDir },
    { Redactor },
    { Session },
    { formatError },
    { runRepl },
    { runInput },
  ] = await Promise.all([
    import('../catalog/data-dir.ts'),
    import('../secrets/redact.ts'),
    import('../session/session.ts'),
    import('./format-error.ts'),
    import('./repl.ts'),
    import('./run-script.ts'),
  ]);
  let session: import('../session/session.ts').Session;
  try {
    const { path } = resolveDataDir({
      flag: options.dataDir,
      env: process.env,
      home: homedir(),
      platform: process.platform,
      cwd: process.cwd(),
    });
    prepareDataDir(path);
    session = Session.open({ dataDir: path });
  } catch (err) {
    process.stderr.write(formatError(err, '', new Redactor()));
    return 1;
  }

  try {
    const out: ScriptOutput = {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    };
    const script = { format: options.format, continueOnError: options.continueOnError };
    const inputs: { text: string; mode: 'all-at-once' | 'statement-by-statement' }[] = [];
    for (const source of options.scripts) {
      if ('command' in source) {
        inputs.push({ text: source.command, mode: 'all-at-once' });
        continue;
      }
      const { file } = source;
      try {
        inputs.push({ text: readFileSync(file === '-' ? 0 : file, 'utf8'), mode: 'statement-by-statement' });
      } catch (err) {
        process.stderr.write(`sluice: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}\n`);
        return 1;
      }
    }
    if (inputs.length === 0) {
      if (process.stdin.isTTY) return await runRepl(session, pkg.version);
      inputs.push({ text: readFileSync(0, 'utf8'), mode: 'statement-by-statement' });
    }
    let ok = true;
    for (const input of inputs) {
      ok = (await runInput(session, input.text, input.mode, script, out)) && ok;
      if (!ok && !options.continueOnError) break;
    }
    return ok ? 0 : 1;
  } finally {
    session.close();
  }
}

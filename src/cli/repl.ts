/**
 * The line prompt a terminal gets until the interactive UI lands: psql-like `sluice=>` with a
 * `sluice->` continuation until the input is a complete statement, results printed as tables.
 * Ctrl-C clears the current input; Ctrl-D (or \q) leaves.
 */
import { createInterface } from 'node:readline';
import type { Session } from '../session/session.ts';
import { isInputComplete } from '../sql/index.ts';
import { runInput } from './run-script.ts';

export async function runRepl(session: Session, version: string): Promise<number> {
  process.stdout.write(`sluice ${version}. Type SQL ending with ';', \\q to quit.\n`);
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    historySize: 0,
  });
  let buffer = '';
  const prompt = () => {
    rl.setPrompt(buffer ? 'sluice-> ' : 'sluice=> ');
    rl.prompt();
  };
  rl.on('SIGINT', () => {
    buffer = '';
    process.stdout.write('\n');
    prompt();
  });
  prompt();
  for await (const line of rl) {
    if (!buffer && /^\s*\\q\s*$/.test(line)) break;
    buffer += buffer ? `\n${line}` : line;
    if (buffer.trim() && isInputComplete(buffer)) {
      const input = buffer;
      buffer = '';
      rl.pause();
      await runInput(
        session,
        input,
        'statement-by-statement',
        { format: 'table', continueOnError: true },
        {
          stdout: (text) => process.stdout.write(text),
          stderr: (text) => process.stderr.write(text),
        },
      );
      rl.resume();
    } else if (!buffer.trim()) {
      buffer = '';
    }
    prompt();
  }
  rl.close();
  return 0;
}

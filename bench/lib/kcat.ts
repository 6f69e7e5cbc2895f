/**
 * `kcat -P` (librdkafka, C) as the producer ceiling without JavaScript: the same messages from a file,
 * one `key<TAB>value` per line. kcat is optional; `findKcat()` says whether it is on PATH (as `kcat`
 * or its old name `kafkacat`). Its time is spawn to exit: kcat flushes every message before it exits.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { findOnPath } from '../../test/support/find-on-path.ts';
import type { EncodedMessage } from './messages.ts';

export function findKcat(): string | undefined {
  return findOnPath('kcat') ?? findOnPath('kafkacat');
}

/** Writes the messages as kcat's input: key, a tab, value, newline (JSON has neither raw). */
export async function writeKcatInput(file: string, batches: readonly EncodedMessage[][]): Promise<void> {
  const out = createWriteStream(file);
  for (const batch of batches) {
    for (const { key, value } of batch) {
      if (!out.write(Buffer.concat([key, Buffer.from('\t'), value, Buffer.from('\n')]))) {
        await once(out, 'drain');
      }
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

/**
 * Produces the file's lines to `topic` and resolves when kcat exits successfully. Idempotence on (as
 * the kafkajs variants); librdkafka's other defaults stand (linger 5 ms, batches up to 1 MB, up to 5
 * requests in flight): this is the ceiling a C client reaches as shipped.
 */
export function runKcat(params: {
  kcat: string;
  broker: string;
  topic: string;
  file: string;
  signal: AbortSignal;
}): Promise<void> {
  const { kcat, broker, topic, file, signal } = params;
  const args = [
    '-P',
    '-q',
    '-b',
    broker,
    '-t',
    topic,
    '-K',
    '\t',
    '-X',
    'enable.idempotence=true',
    '-l',
    file,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(kcat, args, { stdio: ['ignore', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, sig) => {
      if (code === 0) resolve();
      else reject(new Error(`kcat ended with ${sig ?? `exit code ${code}`}: ${stderr.trim().slice(-500)}`));
    });
  });
}

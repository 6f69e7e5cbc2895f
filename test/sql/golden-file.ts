/**
 * The golden file format of test/golden/sql/*.txt, datadriven-style like Materialize's parser
 * tests. A case is a directive line, the input, a `----` line and the expected output, which ends
 * at the first empty line:
 *
 *   # what the next case shows
 *   parse
 *   CREATE SECRET s AS 'x'
 *   ----
 *   create_secret @0..22
 *     ...
 *
 * Lines starting with `#` between cases are comments. Inputs may contain empty lines (they end
 * at `----`); outputs never do. With REWRITE=1 the tests write the actual outputs back.
 */
import { readFileSync } from 'node:fs';

export interface GoldenCase {
  readonly directive: string;
  readonly input: string;
  readonly expected: string;
  /** 1-based line of the directive, for failure messages. */
  readonly line: number;
}

export interface GoldenFile {
  readonly cases: GoldenCase[];
  /** Renders the file again with other outputs (for REWRITE=1), keeping comments and inputs. */
  rewrite(outputs: readonly string[]): string;
}

export function readGoldenFile(path: string): GoldenFile {
  const lines = readFileSync(path, 'utf8').split('\n');
  const cases: GoldenCase[] = [];
  // Pieces of the file: verbatim text, or the index of a case whose output goes here.
  const pieces: (string | number)[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('#') || line.trim() === '') {
      pieces.push(line);
      i++;
      continue;
    }
    const directive = line.trim();
    const start = i + 1;
    let sep = start;
    while (sep < lines.length && lines[sep] !== '----') sep++;
    if (sep >= lines.length) throw new Error(`${path}:${start}: case without ---- separator`);
    let end = sep + 1;
    while (end < lines.length && lines[end] !== '') end++;
    cases.push({
      directive,
      input: lines.slice(start, sep).join('\n'),
      expected: lines.slice(sep + 1, end).join('\n'),
      line: start,
    });
    pieces.push(lines.slice(i, sep + 1).join('\n'), cases.length - 1);
    i = end;
  }
  return {
    cases,
    rewrite(outputs) {
      return pieces.map((p) => (typeof p === 'number' ? outputs[p]! : p)).join('\n');
    },
  };
}

/**
 * Runs the golden files in test/golden/sql/: every case's input is parsed and its output (an AST
 * summary, or the rendered error with its code) must match the file. `REWRITE=1` writes the
 * actual outputs back instead, for review with git diff.
 *
 * Directives: `parse` (statements or error), `redact` (redactSecretsInText of the input).
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatSqlError, SqlError } from '../../src/sql/errors.ts';
import { parseStatements } from '../../src/sql/parse.ts';
import { redactSecretsInText } from '../../src/sql/redact.ts';
import { readGoldenFile } from './golden-file.ts';
import { summarizeStatements } from './summarize.ts';

const dir = join(import.meta.dirname, '..', 'golden', 'sql');
const rewrite = process.env.REWRITE === '1';

export function renderParse(input: string): string {
  try {
    const { statements } = parseStatements(input);
    return statements.length === 0 ? '(no statements)' : summarizeStatements(input, statements);
  } catch (err) {
    if (!(err instanceof SqlError)) throw err;
    return `error ${err.code}\n${formatSqlError(err, input)}`;
  }
}

function run(directive: string, input: string): string {
  switch (directive) {
    case 'parse':
      return renderParse(input);
    case 'redact':
      return redactSecretsInText(input);
    default:
      throw new Error(`unknown directive ${directive}`);
  }
}

for (const name of readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()) {
  const path = join(dir, name);
  const file = readGoldenFile(path);
  test(`golden ${name}`, async (t) => {
    const outputs: string[] = [];
    for (const c of file.cases) {
      const actual = run(c.directive, c.input);
      outputs.push(actual);
      if (!rewrite) {
        await t.test(`${name}:${c.line} ${c.input.split('\n')[0]!.slice(0, 60)}`, () => {
          assert.equal(actual, c.expected, `${name}:${c.line}`);
        });
      }
    }
    if (rewrite) writeFileSync(path, file.rewrite(outputs));
  });
}

/**
 * Property-based tests of the whole parser (fast-check), over well above 10,000 inputs a run:
 *
 * 1. Generated valid statements (sql-arbitraries.ts) parse to the expected kind, and two
 *    renderings of the same statement (keyword case, whitespace, comments) give the same AST
 *    apart from positions.
 * 2. Mutations of valid statements and of the golden corpus (tokens dropped, repeated, swapped,
 *    inserted; truncation; random bytes and unicode), and plain random strings, always end in
 *    statements or a SqlError whose position is inside the input; never another exception.
 *
 * Every parse is timed; no single input may take more than 50 ms (an input over 5 ms is timed
 * twice more and its fastest time counts, so a garbage collection pause is not blamed on the
 * parser); the count, maximum and total are reported as a test diagnostic. FUZZ_RUNS scales the
 * run counts (default 1), FUZZ_SEED fixes the seed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Statement } from '../../src/sql/ast.ts';
import { formatSqlError, SqlError } from '../../src/sql/errors.ts';
import { parseStatements } from '../../src/sql/parse.ts';
import { lineColumnAt } from '../../src/sql/position.ts';
import {
  type GeneratedStatement,
  render,
  renderingArbitrary,
  statementArbitrary,
} from './sql-arbitraries.ts';
import { goldenInputs, MUTATION_VOCABULARY, mutated } from './sql-mutations.ts';

const SCALE = Number(process.env.FUZZ_RUNS ?? '1');
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const MAX_MS_PER_INPUT = 50;
/** Inputs slower than this are timed again (a GC pause is not the parser's cost). */
const RETIME_ABOVE_MS = 5;
const params = (numRuns: number) => ({
  numRuns: Math.round(numRuns * SCALE),
  ...(SEED === undefined ? {} : { seed: SEED }),
});

const timing = { inputs: 0, totalMs: 0, maxMs: 0, slowest: '', firstTryMaxMs: 0 };

/** Parses once, timed; checks the outcome is statements or a well-positioned SqlError. */
function parseChecked(input: string): Statement[] | SqlError {
  const t0 = performance.now();
  let outcome: Statement[] | SqlError;
  try {
    outcome = parseStatements(input).statements;
  } catch (err) {
    if (!(err instanceof SqlError)) throw new Error(`not a SqlError for ${JSON.stringify(input)}: ${err}`);
    outcome = err;
  }
  let ms = performance.now() - t0;
  timing.firstTryMaxMs = Math.max(timing.firstTryMaxMs, ms);
  if (ms > RETIME_ABOVE_MS) ms = Math.min(ms, retime(input), retime(input));
  timing.inputs++;
  timing.totalMs += ms;
  if (ms > timing.maxMs) {
    timing.maxMs = ms;
    timing.slowest = input.slice(0, 80);
  }
  if (outcome instanceof SqlError) {
    assert.notEqual(outcome.code, 'internal_error', `${outcome.message} for ${JSON.stringify(input)}`);
    assert.ok(outcome.offset >= 0 && outcome.offset <= input.length, `offset ${outcome.offset}`);
    const { line, column } = lineColumnAt(input, outcome.offset);
    assert.deepEqual([outcome.line, outcome.column], [line, column]);
    assert.ok(formatSqlError(outcome, input).includes('^'));
  } else {
    checkSpans(input, outcome);
  }
  return outcome;
}

/**
 * A second timing of a slow input: a garbage collection or a busy machine can stall one parse,
 * so an input counts as slow only if it is slow every time.
 */
function retime(input: string): number {
  const t0 = performance.now();
  try {
    parseStatements(input);
  } catch {}
  return performance.now() - t0;
}

/** Every span and pg location lies inside its statement, and statements are in order. */
function checkSpans(input: string, statements: readonly Statement[]): void {
  let previousEnd = 0;
  for (const statement of statements) {
    const { start, end } = statement.span;
    assert.ok(previousEnd <= start && start < end && end <= input.length, `statement span ${start}..${end}`);
    previousEnd = end;
    const stack: unknown[] = [statement];
    while (stack.length > 0) {
      const value = stack.pop();
      if (value === null || typeof value !== 'object') continue;
      for (const [key, child] of Object.entries(value)) {
        if ((key === 'span' || key === 'nameSpan') && child && typeof child === 'object') {
          const s = child as { start: number; end: number };
          assert.ok(
            start <= s.start && s.start <= s.end && s.end <= end,
            `${key} ${s.start}..${s.end} in ${start}..${end}`,
          );
        } else if (key === 'location' && typeof child === 'number' && child >= 0) {
          assert.ok(start <= child && child <= end, `location ${child} in ${start}..${end}`);
        } else if (child !== null && typeof child === 'object') stack.push(child);
      }
    }
  }
}

/** The AST without positions, for comparing two renderings of one statement. */
function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (['span', 'nameSpan', 'location', 'name_location', 'list_start', 'list_end'].includes(key)) continue;
    out[key] = withoutPositions(child);
  }
  return out;
}

const validText = fc.tuple(statementArbitrary, renderingArbitrary).map(([s, r]) => render(s.pieces, r));
const corpusText = fc.constantFrom(...goldenInputs);

describe('parser properties', () => {
  test('warm-up (JIT and WebAssembly) is not timed', () => {
    for (const input of goldenInputs) {
      try {
        parseStatements(input);
      } catch {}
    }
    timing.inputs = 0;
    timing.totalMs = 0;
    timing.maxMs = 0;
    timing.firstTryMaxMs = 0;
  });

  test('generated valid statements parse to their kind, the same however they are written', () => {
    fc.assert(
      fc.property(
        statementArbitrary,
        renderingArbitrary,
        renderingArbitrary,
        (generated: GeneratedStatement, r1, r2) => {
          const first = parseChecked(render(generated.pieces, r1));
          const second = parseChecked(render(generated.pieces, r2));
          if (first instanceof SqlError)
            throw new Error(`${formatSqlError(first, render(generated.pieces, r1))}`);
          if (second instanceof SqlError)
            throw new Error(`${formatSqlError(second, render(generated.pieces, r2))}`);
          assert.equal(first.length, 1);
          assert.equal(first[0]!.kind, generated.kind);
          assert.deepEqual(withoutPositions(first), withoutPositions(second));
        },
      ),
      params(3000),
    );
  });

  test('several generated statements in one input keep their positions', () => {
    fc.assert(
      fc.property(
        fc.array(validText, { minLength: 2, maxLength: 4 }),
        fc.constantFrom(';', ';\n', ' ; -- x\n'),
        (texts, sep) => {
          const input = texts.join(sep);
          const outcome = parseChecked(input);
          assert.ok(!(outcome instanceof SqlError), outcome instanceof SqlError ? outcome.message : '');
          assert.equal(outcome.length, texts.length);
          let offset = 0;
          outcome.forEach((statement, k) => {
            assert.equal(statement.span.start, input.indexOf(texts[k]!, offset));
            offset = statement.span.end;
          });
        },
      ),
      params(1000),
    );
  });

  test('mutated statements end in statements or a positioned SqlError', () => {
    fc.assert(
      fc.property(mutated(fc.oneof(validText, mutated(validText))), (input) => {
        parseChecked(input);
      }),
      params(4000),
    );
  });

  test('mutated golden inputs end in statements or a positioned SqlError', () => {
    fc.assert(
      fc.property(mutated(fc.oneof(corpusText, mutated(corpusText))), (input) => {
        parseChecked(input);
      }),
      params(3000),
    );
  });

  test('random strings end in statements or a positioned SqlError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc.string({ unit: fc.constantFrom(...MUTATION_VOCABULARY), maxLength: 30 }),
        ),
        (input) => {
          parseChecked(input);
        },
      ),
      params(2000),
    );
  });

  test(`no input took more than ${MAX_MS_PER_INPUT} ms`, (t) => {
    const avg = timing.totalMs / Math.max(1, timing.inputs);
    t.diagnostic(
      `fuzz: ${timing.inputs} inputs, total ${timing.totalMs.toFixed(0)} ms, avg ${avg.toFixed(3)} ms, ` +
        `max ${timing.maxMs.toFixed(2)} ms on ${JSON.stringify(timing.slowest.slice(0, 50))} ` +
        `(max of first tries, GC pauses included: ${timing.firstTryMaxMs.toFixed(2)} ms)`,
    );
    assert.ok(timing.inputs >= 10_000 * Math.min(1, SCALE), `only ${timing.inputs} inputs`);
    assert.ok(
      timing.maxMs < MAX_MS_PER_INPUT,
      `slowest input took ${timing.maxMs.toFixed(1)} ms: ${JSON.stringify(timing.slowest)}`,
    );
  });
});

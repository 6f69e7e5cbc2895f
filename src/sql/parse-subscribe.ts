/**
 * SUBSCRIBE, Materialize's streaming read:
 *
 *   SUBSCRIBE [TO] name | (query)
 *     [WITH (SNAPSHOT [= bool], PROGRESS [= bool])]
 *     [AS OF [AT LEAST] n] [UP TO n]
 *
 * A parenthesized query is cut out at its matching parenthesis (strings and comments cannot fool
 * the count: they are single tokens) and handed to libpg-query. Timestamps are integer literals.
 * ENVELOPE and WITHIN TIMESTAMP ORDER BY are not supported.
 */
import type { IntegerLiteral, Span, SubscribeStatement } from './ast.ts';
import type { Cursor } from './cursor.ts';
import { SUBSCRIBE_OPTIONS } from './option-tables.ts';
import { parseOptionList } from './parse-options.ts';
import { parsePgQuery } from './pg-query.ts';

/** After SUBSCRIBE. */
export function parseSubscribe(c: Cursor, span: Span): SubscribeStatement {
  c.eatKeyword('TO');
  let target: SubscribeStatement['target'];
  if (c.isPunct('(')) {
    target = { kind: 'query', query: parseParenthesizedQuery(c) };
  } else {
    c.record('left parenthesis');
    target = { kind: 'object', name: c.parseObjectName() };
  }
  const options = c.eatKeyword('WITH') ? parseOptionList(c, SUBSCRIBE_OPTIONS) : [];
  let asOf: SubscribeStatement['asOf'];
  let start = c.peek().start;
  if (c.eatKeywords(['AS', 'OF'])) {
    const atLeast = c.eatKeywords(['AT', 'LEAST']);
    const timestamp = parseTimestamp(c);
    asOf = { atLeast, timestamp, span: c.spanFrom(start) };
  }
  let upTo: SubscribeStatement['upTo'];
  start = c.peek().start;
  if (c.eatKeywords(['UP', 'TO'])) upTo = { timestamp: parseTimestamp(c), span: c.spanFrom(start) };
  c.expectEnd();
  return { kind: 'subscribe', span, target, options, ...(asOf ? { asOf } : {}), ...(upTo ? { upTo } : {}) };
}

function parseTimestamp(c: Cursor): IntegerLiteral {
  if (c.peek().kind !== 'number') c.record('integer');
  return c.parseInteger();
}

function parseParenthesizedQuery(c: Cursor) {
  const tokens = c.slice.tokens;
  const open = c.index;
  let depth = 0;
  let close = -1;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'punct') continue;
    if (token.value === '(') depth++;
    else if (token.value === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  c.next();
  if (close === -1) {
    c.reset(tokens.length);
    c.record('right parenthesis');
    c.failExpected();
  }
  if (close === open + 1) {
    c.record('query');
    c.failExpected();
  }
  const query = parsePgQuery(
    c.input,
    { start: tokens[open + 1]!.start, end: tokens[close - 1]!.end },
    'SUBSCRIBE',
  );
  c.reset(close + 1);
  return query;
}

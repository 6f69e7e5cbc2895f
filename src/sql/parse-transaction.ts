/**
 * Transaction control: BEGIN [TRANSACTION | WORK], START TRANSACTION, COMMIT [TRANSACTION | WORK],
 * ROLLBACK [TRANSACTION | WORK]. Transaction modes (READ ONLY, ISOLATION LEVEL) are not supported.
 */
import type { Span, TransactionStatement } from './ast.ts';
import type { Cursor } from './cursor.ts';

/** After BEGIN, START, COMMIT or ROLLBACK (`first`). */
export function parseTransaction(
  c: Cursor,
  span: Span,
  first: 'BEGIN' | 'START' | 'COMMIT' | 'ROLLBACK',
): TransactionStatement {
  if (first === 'START') c.expectKeyword('TRANSACTION');
  else if (!c.eatKeyword('TRANSACTION')) c.eatKeyword('WORK');
  c.expectEnd();
  const kind = first === 'START' || first === 'BEGIN' ? 'begin' : first === 'COMMIT' ? 'commit' : 'rollback';
  return { kind, span };
}

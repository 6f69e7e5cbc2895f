/**
 * DROP <kind> [IF EXISTS] name [, ...] [CASCADE | RESTRICT]: the catalog decides what goes (RESTRICT
 * by default, naming the dependents), commits, and then the outside world follows: a dropped secret's
 * keychain entry is deleted. The catalog commits first so a failure outside never resurrects an item;
 * at worst it leaves an orphaned keychain entry, which is reported as a notice.
 */
import { commitThenEffect } from '../catalog/external-effect.ts';
import type { DropObjectsStatement } from '../sql/index.ts';
import { itemName } from './object-names.ts';
import { catalogKind, objectTypeKeyword } from './object-types.ts';
import type { SessionContext } from './session-context.ts';
import { commandResult, type StatementResult } from './statement-result.ts';

export async function dropObjects(
  context: SessionContext,
  input: string,
  statement: DropObjectsStatement,
): Promise<StatementResult> {
  const names = statement.names.map((name) =>
    statement.objectType === 'cluster' ? name.parts[name.parts.length - 1]!.value : itemName(input, name),
  );
  const outcome = await commitThenEffect({
    commit: () =>
      context.catalog.drop(names, catalogKind(statement.objectType), {
        ifExists: statement.ifExists,
        cascade: statement.behavior?.kind === 'cascade',
      }),
    effect: async ({ dropped }) => {
      for (const item of dropped) if (item.kind === 'secret') await context.secrets.delete(item.name);
    },
  });
  const notices = [...outcome.committed.notices];
  if (outcome.effectError !== undefined) {
    notices.push(
      `the keychain entries of the dropped secrets could not all be deleted: ${errorMessage(outcome.effectError)}`,
    );
  }
  return commandResult(`DROP ${objectTypeKeyword(statement.objectType)}`, notices);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

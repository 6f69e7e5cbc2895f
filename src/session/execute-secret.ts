/**
 * CREATE SECRET and ALTER SECRET. The value goes to the OS keychain only; the catalog keeps the
 * statement with the value redacted. Order (see catalog/external-effect.ts): check the name, write
 * the keychain, then commit the catalog — undoing the keychain write if the commit fails — so a
 * failure or a kill never leaves a catalog item without its value.
 */
import { effectThenCommit } from '../catalog/external-effect.ts';
import type { AlterSecretStatement, CreateSecretStatement } from '../sql/index.ts';
import { redactSecrets, SqlError } from '../sql/index.ts';
import { itemName } from './object-names.ts';
import { lookupItem, type SessionContext } from './session-context.ts';
import { commandResult, type StatementResult } from './statement-result.ts';

export async function createSecret(
  context: SessionContext,
  input: string,
  statement: CreateSecretStatement,
): Promise<StatementResult> {
  const name = itemName(input, statement.name);
  const value = statement.value.value;
  context.redactor.add(value);
  const plan = context.catalog.checkCreate({ name, kind: 'secret' }, { ifNotExists: statement.ifNotExists });
  if (plan.status === 'skip') return commandResult('CREATE SECRET', [plan.notice]);
  rejectEmptyValue(input, statement);
  const createSql = redactSecrets(input.slice(statement.span.start, statement.span.end), [
    shifted(statement, -statement.span.start),
  ]);
  // The catalog refuses a definition that contains the value (a redaction bug). A value that the
  // statement's own words contain (`CREATE SECRET admin_password AS 'admin'`, or the stored options
  // `{}`) would trip that check on a correct definition; for those, check for the literal as written.
  const literal = input.slice(statement.value.span.start, statement.value.span.end);
  const mustNotContain = createSql.includes(value) || '{}'.includes(value) ? literal : value;
  await effectThenCommit({
    effect: () => context.secrets.set(name, value),
    commit: () =>
      context.catalog.create({ name, kind: 'secret', createSql }, { secretValues: [mustNotContain] }),
    undo: async () => {
      await context.secrets.delete(name);
    },
  });
  return commandResult('CREATE SECRET');
}

export async function alterSecret(
  context: SessionContext,
  input: string,
  statement: AlterSecretStatement,
): Promise<StatementResult> {
  const value = statement.value.value;
  context.redactor.add(value);
  const name = itemName(input, statement.name);
  if (statement.ifExists && !context.catalog.get(name)) {
    return commandResult('ALTER SECRET', [`secret "${name}" does not exist, skipping`]);
  }
  lookupItem(context, input, statement.name, 'secret');
  rejectEmptyValue(input, statement);
  await context.secrets.set(name, value);
  return commandResult('ALTER SECRET');
}

/** The OS keychain cannot hold an empty value (keytar refuses it), so say so before trying. */
function rejectEmptyValue(input: string, statement: CreateSecretStatement | AlterSecretStatement): void {
  if (statement.value.value !== '') return;
  throw SqlError.at(input, statement.value.span.start, 'invalid_options', 'a secret cannot be empty', {
    hint: 'The OS keychain cannot store an empty value; give the secret a value.',
  });
}

/** The statement with its value span moved, for redacting a slice of the input. */
function shifted(statement: CreateSecretStatement, by: number): CreateSecretStatement {
  const span = { start: statement.value.span.start + by, end: statement.value.span.end + by };
  return { ...statement, value: { ...statement.value, span } };
}

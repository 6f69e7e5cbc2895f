/**
 * CREATE CONNECTION and VALIDATE CONNECTION.
 *
 * CREATE plans the options (connection-plan.ts), checks that every SECRET it names exists, and —
 * unless WITH (VALIDATE = false) — connects with the real values before anything is catalogued, so a
 * connection that exists is a connection that worked when it was made.
 */
import type { CatalogItem } from '../catalog/item.ts';
import { validateRegistryConnection } from '../connectors/csr/validate-connection.ts';
import { validateKafkaConnection } from '../connectors/kafka/validate-connection.ts';
import type { CreateConnectionStatement, ValidateConnectionStatement } from '../sql/index.ts';
import { SqlError } from '../sql/index.ts';
import {
  planConnection,
  resolveKafkaSpec,
  resolveRegistrySpec,
  type StoredConnection,
  storedConnectionJson,
} from './connection-plan.ts';
import { itemName } from './object-names.ts';
import { lookupItem, readSecret, type SessionContext } from './session-context.ts';
import { commandResult, type StatementResult } from './statement-result.ts';

export async function createConnection(
  context: SessionContext,
  input: string,
  statement: CreateConnectionStatement,
): Promise<StatementResult> {
  const name = itemName(input, statement.name);
  const plan = planConnection(input, statement);
  const check = context.catalog.checkCreate(
    { name, kind: 'connection' },
    { ifNotExists: statement.ifNotExists },
  );
  if (check.status === 'skip') return commandResult('CREATE CONNECTION', [check.notice]);

  const secretIds = plan.secrets.map(({ name: secret, at }) => {
    const item = context.catalog.get(secret);
    if (!item) throw SqlError.at(input, at, 'unknown_item', `unknown catalog item '${secret}'`);
    if (item.kind !== 'secret')
      throw SqlError.at(input, at, 'wrong_object_type', `${secret} is not a secret`);
    return item.id;
  });
  if (plan.validate && context.validateConnections) await validateStored(context, plan.stored);

  context.catalog.create(
    {
      name,
      kind: 'connection',
      createSql: input.slice(statement.span.start, statement.span.end),
      options: storedConnectionJson(plan.stored),
      dependsOn: [...new Set(secretIds)],
    },
    { ifNotExists: statement.ifNotExists },
  );
  return commandResult('CREATE CONNECTION');
}

export async function validateConnection(
  context: SessionContext,
  input: string,
  statement: ValidateConnectionStatement,
): Promise<StatementResult> {
  const item = lookupItem(context, input, statement.name, 'connection');
  await validateStored(context, storedConnection(item));
  return commandResult('VALIDATE CONNECTION');
}

export function storedConnection(item: CatalogItem): StoredConnection {
  return item.options as unknown as StoredConnection;
}

async function validateStored(context: SessionContext, stored: StoredConnection): Promise<void> {
  const read = (secret: string) => readSecret(context, secret);
  if (stored.type === 'kafka') {
    await validateKafkaConnection(await resolveKafkaSpec(stored, read), context.validateTimeoutMs);
  } else {
    await validateRegistryConnection(await resolveRegistrySpec(stored, read), context.validateTimeoutMs);
  }
}

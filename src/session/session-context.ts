/**
 * What every statement handler works with: the catalog, the secret store, the redactor that keeps
 * secret values out of anything printed, and the session's settings. Handlers are plain functions
 * of (context, input, statement) so each is small and testable on its own.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { CatalogItem, ItemKind } from '../catalog/item.ts';
import { UserError } from '../errors/user-error.ts';
import type { Redactor } from '../secrets/redact.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { type ObjectName, SqlError } from '../sql/index.ts';
import { itemName } from './object-names.ts';

export interface SessionContext {
  readonly catalog: Catalog;
  readonly secrets: SecretStore;
  readonly redactor: Redactor;
  /** Bound on VALIDATE CONNECTION and validation at CREATE. */
  readonly validateTimeoutMs: number;
  /** false: CREATE CONNECTION never connects (see SessionOptions.validateConnections). */
  readonly validateConnections: boolean;
}

export class SecretValueMissingError extends UserError {
  readonly code = 'secret-value-missing';
}

/** Looks up a named item, with Materialize's errors at the name's position. */
export function lookupItem(
  context: SessionContext,
  input: string,
  name: ObjectName,
  expected?: ItemKind,
): CatalogItem {
  const resolved = itemName(input, name);
  const item = context.catalog.get(resolved);
  if (!item) {
    throw SqlError.at(input, name.span.start, 'unknown_item', `unknown catalog item '${resolved}'`);
  }
  if (expected && item.kind !== expected) {
    throw SqlError.at(
      input,
      name.span.start,
      'wrong_object_type',
      `${resolved} is ${article(item.kind)} not ${article(expected)}`,
    );
  }
  return item;
}

function article(kind: ItemKind): string {
  const display = kind === 'materialized-view' ? 'materialized view' : kind;
  return `${/^[aeiou]/.test(display) ? 'an' : 'a'} ${display}`;
}

/** Reads a secret's value from the keychain; remembers it for redaction. */
export async function readSecret(context: SessionContext, name: string): Promise<string> {
  const value = await context.secrets.get(name);
  if (value === undefined) {
    throw new SecretValueMissingError(`the value of secret "${name}" is not in the OS keychain`, {
      hint: `If the keychain is locked, unlock it; otherwise store the value again with ALTER SECRET ${name} AS '...'.`,
    });
  }
  context.redactor.add(value);
  return value;
}

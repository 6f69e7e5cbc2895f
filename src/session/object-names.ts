/**
 * Name resolution: a written ObjectName → the catalog name it means.
 *
 * sluice has one database (`materialize`) with one schema (`public`), as a fresh Materialize
 * environment does; `t`, `public.t` and `materialize.public.t` all name the same item, and any other
 * qualifier is an error at the qualifier's position.
 */
import { type ObjectName, SqlError } from '../sql/index.ts';

export const DATABASE = 'materialize';
export const SCHEMA = 'public';

const LONE_SURROGATE = /\p{Cs}/u;

export function itemName(input: string, name: ObjectName): string {
  const parts = name.parts;
  const last = parts[parts.length - 1]!;
  // The catalog (SQLite) and the OS keychain keep names as UTF-8, which cannot hold a lone surrogate:
  // SHOW would list other characters than were written, and two names could share a keychain entry.
  const malformed = parts.find((part) => LONE_SURROGATE.test(part.value));
  if (malformed) {
    throw SqlError.at(input, malformed.span.start, 'invalid_name', 'a name must be valid Unicode', {
      hint: 'The name holds half of a surrogate pair (a broken character); retype it.',
    });
  }
  if (parts.length === 1) return last.value;
  const schema = parts[parts.length - 2]!;
  if (schema.value !== SCHEMA) {
    throw SqlError.at(input, schema.span.start, 'unknown_schema', `unknown schema '${schema.value}'`, {
      hint: `sluice has one schema, ${SCHEMA}; write the name alone or as ${SCHEMA}.${last.value}.`,
    });
  }
  if (parts.length === 3) {
    const database = parts[0]!;
    if (database.value !== DATABASE) {
      throw SqlError.at(
        input,
        database.span.start,
        'unknown_database',
        `unknown database '${database.value}'`,
        {
          hint: `sluice has one database, ${DATABASE}.`,
        },
      );
    }
  }
  if (parts.length > 3) {
    throw SqlError.at(
      input,
      name.span.start,
      'invalid_name',
      `too many dots in the name ${parts.map((p) => p.value).join('.')}`,
    );
  }
  return last.value;
}

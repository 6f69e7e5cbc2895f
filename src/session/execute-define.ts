/**
 * CREATE TABLE, CREATE [MATERIALIZED] VIEW, CREATE SOURCE, CREATE SINK and CREATE CLUSTER:
 * checked and catalogued with their dependencies, so names, SHOW, SHOW CREATE and DROP ... CASCADE
 * behave as they will once the engine and the sinks run them. Until then, creating a source or a
 * sink says, as a notice, that it is defined but not running.
 */
import { CatalogError } from '../catalog/catalog-error.ts';
import { type ItemKind, kindDisplay } from '../catalog/item.ts';
import type {
  CreateClusterStatement,
  CreateSinkStatement,
  CreateSourceStatement,
  CreateTableStatement,
  CreateViewStatement,
  Ident,
  ObjectName,
} from '../sql/index.ts';
import { SqlError } from '../sql/index.ts';
import { DATABASE, itemName, SCHEMA } from './object-names.ts';
import { relationReferences } from './relation-references.ts';
import { lookupItem, type SessionContext } from './session-context.ts';
import { commandResult, type StatementResult } from './statement-result.ts';

const NOT_RUNNING = (kind: string, name: string) =>
  `${kind} "${name}" is defined but not running: this version of sluice catalogues ${kind}s without running them yet`;

export function createTable(
  context: SessionContext,
  input: string,
  statement: CreateTableStatement,
): StatementResult {
  const name = itemName(input, statement.name);
  const columns: ReturnType<typeof columnOf>[] = [];
  for (const element of statement.node.tableElts ?? []) {
    const def = (element as { ColumnDef?: ColumnDefNode }).ColumnDef;
    if (!def) continue;
    const column = columnOf(def);
    if (columns.some((c) => c.name === column.name)) {
      throw SqlError.at(
        input,
        def.location ?? statement.span.start,
        'invalid_name',
        `column "${column.name}" specified more than once`,
      );
    }
    columns.push(column);
  }
  return define(
    context,
    input,
    statement,
    { name, kind: 'table', options: { columns }, dependsOn: [] },
    'CREATE TABLE',
  );
}

export function createView(
  context: SessionContext,
  input: string,
  statement: CreateViewStatement,
): StatementResult {
  const name = itemName(input, statement.name);
  const dependsOn = new Set<string>();
  for (const ref of relationReferences(statement.query.node)) {
    if (ref.database !== undefined && ref.database !== DATABASE) {
      throw SqlError.at(input, ref.location, 'unknown_database', `unknown database '${ref.database}'`);
    }
    if (ref.schema !== undefined && ref.schema !== SCHEMA) {
      throw SqlError.at(input, ref.location, 'unknown_schema', `unknown schema '${ref.schema}'`);
    }
    const item = context.catalog.get(ref.name);
    if (!item) throw SqlError.at(input, ref.location, 'unknown_item', `unknown catalog item '${ref.name}'`);
    if (!['table', 'view', 'materialized-view', 'source'].includes(item.kind)) {
      throw SqlError.at(
        input,
        ref.location,
        'wrong_object_type',
        `${ref.name} is a ${item.kind}, not a relation`,
      );
    }
    dependsOn.add(item.id);
  }
  if (statement.inCluster) dependsOn.add(cluster(context, input, statement.inCluster));
  const kind: ItemKind = statement.materialized ? 'materialized-view' : 'view';
  const tag = statement.materialized ? 'CREATE MATERIALIZED VIEW' : 'CREATE VIEW';
  const item = { name, kind, options: {}, dependsOn: [...dependsOn] };
  const existing = statement.orReplace ? context.catalog.get(name) : undefined;
  if (!existing) return define(context, input, statement, item, tag);
  // OR REPLACE, as Materialize does it: drop the old one (RESTRICT: refused, naming them, when other
  // items use it; refused when it is not a view of this kind) and create the new one, atomically.
  if (existing.kind === kind && dependsOn.has(existing.id)) {
    const full = `${DATABASE}.${SCHEMA}.${name}`;
    throw new CatalogError(
      'dependent-objects-still-exist',
      `cannot replace ${kindDisplay(kind)} ${full}: depended upon by new ${full} definition`,
      { sqlState: '2BP01' },
    );
  }
  return context.catalog.transaction(() => {
    context.catalog.drop([name], kind);
    return define(context, input, statement, item, tag);
  });
}

export function createSource(
  context: SessionContext,
  input: string,
  statement: CreateSourceStatement,
): StatementResult {
  const name = itemName(input, statement.name);
  const dependsOn = connectionDependencies(context, input, statement);
  const result = define(
    context,
    input,
    statement,
    { name, kind: 'source', options: {}, dependsOn },
    'CREATE SOURCE',
  );
  return result.notices.length ? result : { ...result, notices: [NOT_RUNNING('source', name)] };
}

export function createSink(
  context: SessionContext,
  input: string,
  statement: CreateSinkStatement,
): StatementResult {
  const name = itemName(input, statement.name);
  const from = lookupItem(context, input, statement.from);
  if (from.kind === 'view') {
    throw SqlError.at(
      input,
      statement.from.span.start,
      'wrong_object_type',
      `${DATABASE}.${SCHEMA}.${from.name} is a view, which cannot be exported as a sink`,
      { hint: 'Create a MATERIALIZED VIEW with the same query and sink that instead.' },
    );
  }
  if (!['table', 'source', 'materialized-view'].includes(from.kind)) {
    throw SqlError.at(
      input,
      statement.from.span.start,
      'wrong_object_type',
      `${from.name} is a ${from.kind}, which cannot be exported as a sink`,
    );
  }
  const dependsOn = [from.id, ...connectionDependencies(context, input, statement)];
  const result = define(
    context,
    input,
    statement,
    { name, kind: 'sink', options: {}, dependsOn: [...new Set(dependsOn)] },
    'CREATE SINK',
  );
  return result.notices.length ? result : { ...result, notices: [NOT_RUNNING('sink', name)] };
}

export function createCluster(
  context: SessionContext,
  input: string,
  statement: CreateClusterStatement,
): StatementResult {
  const name = statement.name.value;
  const size = statement.options.find((o) => o.name === 'SIZE');
  const options = size && size.value.kind === 'string' ? { size: size.value.value } : {};
  return define(
    context,
    input,
    statement,
    { name, kind: 'cluster', options, dependsOn: [] },
    'CREATE CLUSTER',
  );
}

/** The Kafka connection, any schema-registry connection of the format, and the cluster. */
function connectionDependencies(
  context: SessionContext,
  input: string,
  statement: CreateSourceStatement | CreateSinkStatement,
): string[] {
  const ids = [connectionOfType(context, input, statement.connection, 'kafka')];
  const format = statement.format;
  const formats = format ? (format.kind === 'bare' ? [format.format] : [format.key, format.value]) : [];
  for (const f of formats) {
    if (f.type === 'avro')
      ids.push(connectionOfType(context, input, f.csrConnection, 'confluent-schema-registry'));
  }
  if (statement.inCluster) ids.push(cluster(context, input, statement.inCluster));
  return [...new Set(ids)];
}

/** The id of the connection `name`, which must be of `type` (Materialize's wording when it is not). */
function connectionOfType(
  context: SessionContext,
  input: string,
  name: ObjectName,
  type: 'kafka' | 'confluent-schema-registry',
): string {
  const item = lookupItem(context, input, name, 'connection');
  if ((item.options as { type?: string }).type !== type) {
    const what = type === 'kafka' ? 'kafka' : 'schema registry';
    throw SqlError.at(
      input,
      name.span.start,
      'wrong_object_type',
      `${DATABASE}.${SCHEMA}.${item.name} is not a ${what} connection`,
    );
  }
  return item.id;
}

interface Definable {
  span: { start: number; end: number };
  ifNotExists: boolean;
}

function define(
  context: SessionContext,
  input: string,
  statement: Definable,
  item: { name: string; kind: ItemKind; options: Record<string, unknown>; dependsOn: string[] },
  tag: string,
): StatementResult {
  const result = context.catalog.create(
    {
      name: item.name,
      kind: item.kind,
      createSql: input.slice(statement.span.start, statement.span.end),
      options: item.options as never,
      dependsOn: item.dependsOn,
    },
    { ifNotExists: statement.ifNotExists },
  );
  return commandResult(tag, result.status === 'skipped' ? [result.notice] : []);
}

function cluster(context: SessionContext, input: string, name: Ident): string {
  const item = context.catalog.get(name.value, 'cluster');
  if (!item) throw SqlError.at(input, name.span.start, 'unknown_item', `unknown cluster '${name.value}'`);
  return item.id;
}

interface ColumnDefNode {
  colname?: string;
  location?: number;
  typeName?: {
    names?: { String?: { sval?: string } }[];
    arrayBounds?: unknown[];
    typmods?: { A_Const?: { ival?: { ival?: number } } }[];
  };
  constraints?: { Constraint?: { contype?: string } }[];
}

function columnOf(def: ColumnDefNode): { name: string; type: string; nullable: boolean } {
  const names = (def.typeName?.names ?? [])
    .map((n) => n.String?.sval ?? '')
    .filter((n) => n !== 'pg_catalog');
  // Type modifiers as written for the types that take them; interval's are a field bit mask, not shown.
  const base = names.join('.');
  const mods =
    base === 'interval' ? [] : (def.typeName?.typmods ?? []).map((m) => m.A_Const?.ival?.ival ?? 0);
  const modifiers = mods.length ? `(${mods.join(',')})` : '';
  const display = displayType(base);
  const zone = display.indexOf(' with time zone');
  const type =
    (zone === -1 ? `${display}${modifiers}` : `${display.slice(0, zone)}${modifiers}${display.slice(zone)}`) +
    '[]'.repeat(def.typeName?.arrayBounds?.length ?? 0);
  const nullable = !(def.constraints ?? []).some((c) => c.Constraint?.contype === 'CONSTR_NOTNULL');
  return { name: def.colname ?? '', type, nullable };
}

/** PostgreSQL's internal type names as users write them. */
function displayType(name: string): string {
  const names: Record<string, string> = {
    int2: 'smallint',
    int4: 'integer',
    int8: 'bigint',
    float4: 'real',
    float8: 'double precision',
    bool: 'boolean',
    bpchar: 'character',
    timestamptz: 'timestamp with time zone',
    timetz: 'time with time zone',
  };
  return names[name] ?? name;
}

/**
 * The statements sluice understands, as a discriminated union on `kind`.
 *
 * Every node that names something or sets something carries the `Span` of its source text, in
 * UTF-16 offsets into the WHOLE input that was parsed, so later layers (name resolution, option
 * validation, the catalog) can report their errors at the right place with `SqlError.at`.
 *
 * Materialize DDL is parsed by hand into the precise shapes below. Queries, DML and CREATE TABLE
 * are parsed by libpg-query: their nodes are the PostgreSQL parse tree (typed by @pgsql/types,
 * which libpg-query re-exports), with every `location` rewritten to an offset into the whole input.
 * Option lists keep what was written, in order; defaults and cross-option rules live with the
 * option tables (option-tables.ts) and the planner.
 */
import type { CreateStmt, DeleteStmt, InsertStmt, SelectStmt, UpdateStmt } from 'libpg-query';
import type {
  AlterSinkOptionName,
  ClusterOptionName,
  ConnectionWithOptionName,
  CsrConnectionOptionName,
  CsrSinkFormatOptionName,
  KafkaConnectionOptionName,
  KafkaSinkOptionName,
  KafkaSourceOptionName,
  SinkWithOptionName,
  SourceWithOptionName,
  SubscribeOptionName,
} from './option-tables.ts';
import type { Span } from './position.ts';

export type { Span } from './position.ts';

/** An identifier: folded to lower case unless it was double-quoted. */
export interface Ident {
  readonly value: string;
  readonly quoted: boolean;
  readonly span: Span;
}

/** A possibly qualified name: `item`, `schema.item` or `database.schema.item`. */
export interface ObjectName {
  readonly parts: readonly Ident[];
  readonly span: Span;
}

export interface StringLiteral {
  /** The decoded value (escapes resolved). */
  readonly value: string;
  /** The literal as written, quotes and prefix included: what redaction replaces. */
  readonly span: Span;
}

export interface IntegerLiteral {
  readonly value: number;
  readonly span: Span;
}

/** A keyword choice, e.g. an envelope, kept with where it was written. */
export interface Choice<K extends string> {
  readonly kind: K;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Options

export type OptionValue =
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'secret'; readonly name: ObjectName; readonly span: Span }
  | { readonly kind: 'string_list'; readonly values: readonly StringLiteral[]; readonly span: Span }
  /** `implicit` for a bare `WITH (SNAPSHOT)`; its span is then the option name's. */
  | { readonly kind: 'boolean'; readonly value: boolean; readonly implicit: boolean; readonly span: Span }
  | { readonly kind: 'integer'; readonly value: number; readonly span: Span }
  | { readonly kind: 'integer_list'; readonly values: readonly IntegerLiteral[]; readonly span: Span }
  /** An identifier or a string, e.g. `COMPRESSION TYPE gzip`. */
  | { readonly kind: 'word'; readonly value: string; readonly span: Span };

export interface ParsedOption<N extends string = string> {
  /** The canonical name from the option table, e.g. `SASL MECHANISMS`. */
  readonly name: N;
  readonly nameSpan: Span;
  readonly value: OptionValue;
  /** From the name to the end of the value. */
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Secrets and connections

export interface CreateSecretStatement {
  readonly kind: 'create_secret';
  readonly span: Span;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly value: StringLiteral;
}

export interface AlterSecretStatement {
  readonly kind: 'alter_secret';
  readonly span: Span;
  readonly ifExists: boolean;
  readonly name: ObjectName;
  readonly value: StringLiteral;
}

export type ConnectionBody =
  | {
      readonly type: 'kafka';
      readonly options: readonly ParsedOption<KafkaConnectionOptionName>[];
      /** `FOR KAFKA opt, ...` (options without parentheses) instead of `TO KAFKA (opt, ...)`. */
      readonly legacySyntax: boolean;
      readonly span: Span;
    }
  | {
      readonly type: 'confluent_schema_registry';
      readonly options: readonly ParsedOption<CsrConnectionOptionName>[];
      readonly legacySyntax: boolean;
      readonly span: Span;
    };

export interface CreateConnectionStatement {
  readonly kind: 'create_connection';
  readonly span: Span;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly connection: ConnectionBody;
  readonly withOptions: readonly ParsedOption<ConnectionWithOptionName>[];
}

export interface ValidateConnectionStatement {
  readonly kind: 'validate_connection';
  readonly span: Span;
  readonly name: ObjectName;
}

// ---------------------------------------------------------------------------------------------
// Sources and sinks

export type FormatSpec<F> =
  | { readonly kind: 'bare'; readonly format: F; readonly span: Span }
  | { readonly kind: 'key_value'; readonly key: F; readonly value: F; readonly span: Span };

export type SourceFormat =
  | { readonly type: 'bytes' | 'text' | 'json'; readonly span: Span }
  | {
      readonly type: 'csv';
      readonly columns:
        | { readonly kind: 'count'; readonly count: IntegerLiteral }
        | { readonly kind: 'header'; readonly names: readonly Ident[] };
      readonly delimiter?: StringLiteral;
      readonly span: Span;
    }
  | { readonly type: 'avro'; readonly csrConnection: ObjectName; readonly span: Span };

export type SinkFormat =
  | { readonly type: 'json' | 'text' | 'bytes'; readonly span: Span }
  | {
      readonly type: 'avro';
      readonly csrConnection: ObjectName;
      readonly options: readonly ParsedOption<CsrSinkFormatOptionName>[];
      readonly span: Span;
    };

export type IncludeKind = 'key' | 'partition' | 'offset' | 'timestamp' | 'headers';

export interface IncludeMetadata {
  readonly kind: IncludeKind;
  readonly alias?: Ident;
  readonly span: Span;
}

export interface CreateSourceStatement {
  readonly kind: 'create_source';
  readonly span: Span;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly inCluster?: Ident;
  readonly connection: ObjectName;
  readonly connectionOptions: readonly ParsedOption<KafkaSourceOptionName>[];
  readonly format?: FormatSpec<SourceFormat>;
  readonly include: readonly IncludeMetadata[];
  readonly envelope?: Choice<'none' | 'upsert' | 'debezium'>;
  readonly withOptions: readonly ParsedOption<SourceWithOptionName>[];
}

export interface SinkKey {
  readonly columns: readonly Ident[];
  readonly notEnforced: boolean;
  readonly span: Span;
}

/** A sink's definition: everything after `CREATE SINK [IF NOT EXISTS] name`. */
export interface SinkDefinition {
  readonly inCluster?: Ident;
  readonly from: ObjectName;
  readonly connection: ObjectName;
  readonly connectionOptions: readonly ParsedOption<KafkaSinkOptionName>[];
  readonly key?: SinkKey;
  readonly headers?: Ident;
  readonly format: FormatSpec<SinkFormat>;
  readonly envelope: Choice<'debezium' | 'upsert'>;
  readonly withOptions: readonly ParsedOption<SinkWithOptionName>[];
}

export interface CreateSinkStatement extends SinkDefinition {
  readonly kind: 'create_sink';
  readonly span: Span;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
}

export interface AlterSinkStatement {
  readonly kind: 'alter_sink';
  readonly span: Span;
  readonly ifExists: boolean;
  readonly name: ObjectName;
  readonly options: readonly ParsedOption<AlterSinkOptionName>[];
}

/**
 * `EXPLAIN KEY SCHEMA | VALUE SCHEMA [AS JSON] FOR CREATE SINK ...` (Materialize) and
 * `EXPLAIN MESSAGES FOR CREATE SINK ...` (sluice: a dry run showing the first messages).
 */
export interface ExplainSinkStatement {
  readonly kind: 'explain_sink';
  readonly span: Span;
  readonly mode: 'key_schema' | 'value_schema' | 'messages';
  readonly asJson: boolean;
  /** The sink name is optional after FOR CREATE SINK. */
  readonly sinkName?: ObjectName;
  readonly sink: SinkDefinition;
}

// ---------------------------------------------------------------------------------------------
// Clusters, views, SUBSCRIBE

export interface CreateClusterStatement {
  readonly kind: 'create_cluster';
  readonly span: Span;
  readonly ifNotExists: boolean;
  readonly name: Ident;
  readonly options: readonly ParsedOption<ClusterOptionName>[];
}

/** A query parsed by libpg-query, locations rewritten to offsets into the whole input. */
export interface PgQuery {
  readonly node: SelectStmt;
  readonly span: Span;
}

export interface CreateViewStatement {
  readonly kind: 'create_view';
  readonly span: Span;
  readonly materialized: boolean;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly inCluster?: Ident;
  readonly query: PgQuery;
}

export interface SubscribeStatement {
  readonly kind: 'subscribe';
  readonly span: Span;
  readonly target:
    | { readonly kind: 'object'; readonly name: ObjectName }
    | { readonly kind: 'query'; readonly query: PgQuery };
  readonly options: readonly ParsedOption<SubscribeOptionName>[];
  readonly asOf?: { readonly atLeast: boolean; readonly timestamp: IntegerLiteral; readonly span: Span };
  readonly upTo?: { readonly timestamp: IntegerLiteral; readonly span: Span };
}

// ---------------------------------------------------------------------------------------------
// SHOW, DROP, transactions

export type ObjectType =
  | 'table'
  | 'view'
  | 'materialized_view'
  | 'source'
  | 'sink'
  | 'connection'
  | 'secret'
  | 'cluster';

export type ShowObjectsType =
  | 'sources'
  | 'tables'
  | 'views'
  | 'materialized_views'
  | 'sinks'
  | 'clusters'
  | 'connections'
  | 'secrets'
  | 'objects';

export interface ShowObjectsStatement {
  readonly kind: 'show_objects';
  readonly span: Span;
  readonly objectType: ShowObjectsType;
  readonly like?: StringLiteral;
}

export interface ShowCreateStatement {
  readonly kind: 'show_create';
  readonly span: Span;
  readonly objectType: Exclude<ObjectType, 'secret' | 'cluster'>;
  readonly name: ObjectName;
}

export interface ShowColumnsStatement {
  readonly kind: 'show_columns';
  readonly span: Span;
  readonly table: ObjectName;
  readonly like?: StringLiteral;
}

export interface DropObjectsStatement {
  readonly kind: 'drop_objects';
  readonly span: Span;
  readonly objectType: ObjectType;
  readonly ifExists: boolean;
  /** One or more; a cluster name is always a single part. */
  readonly names: readonly ObjectName[];
  readonly behavior?: Choice<'cascade' | 'restrict'>;
}

export interface TransactionStatement {
  readonly kind: 'begin' | 'commit' | 'rollback';
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Parsed by libpg-query

export interface SelectStatement {
  readonly kind: 'select';
  readonly span: Span;
  readonly node: SelectStmt;
}

export interface InsertStatement {
  readonly kind: 'insert';
  readonly span: Span;
  readonly table: ObjectName;
  readonly node: InsertStmt;
}

export interface UpdateStatement {
  readonly kind: 'update';
  readonly span: Span;
  readonly table: ObjectName;
  readonly node: UpdateStmt;
}

export interface DeleteStatement {
  readonly kind: 'delete';
  readonly span: Span;
  readonly table: ObjectName;
  readonly node: DeleteStmt;
}

export interface CreateTableStatement {
  readonly kind: 'create_table';
  readonly span: Span;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  /** The column names, in order (table constraints are only in `node`). */
  readonly columns: readonly Ident[];
  readonly node: CreateStmt;
}

export type Statement =
  | CreateSecretStatement
  | AlterSecretStatement
  | CreateConnectionStatement
  | ValidateConnectionStatement
  | CreateSourceStatement
  | CreateSinkStatement
  | AlterSinkStatement
  | ExplainSinkStatement
  | CreateClusterStatement
  | CreateViewStatement
  | SubscribeStatement
  | ShowObjectsStatement
  | ShowCreateStatement
  | ShowColumnsStatement
  | DropObjectsStatement
  | TransactionStatement
  | SelectStatement
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | CreateTableStatement;

export type StatementKind = Statement['kind'];

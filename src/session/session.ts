/**
 * The Session: the one object that executes SQL for both the CLI and the interactive UI.
 *
 *   text ─ parse (src/sql) ─ Statement ─ handler (execute-*.ts) ─ catalog / keychain / Kafka ─ StatementResult
 *
 * It owns the catalog of a data directory and the keychain store scoped to that directory's
 * instance id, and a Redactor that learns every secret value it sees so nothing it prints can carry
 * one. Statements run one at a time, in order.
 */
import { Catalog } from '../catalog/catalog.ts';
import { DEFAULT_VALIDATION_TIMEOUT_MS } from '../connectors/kafka/validate-connection.ts';
import { KeychainSecretStore } from '../secrets/keychain-secret-store.ts';
import { Redactor } from '../secrets/redact.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { parseStatements, SqlError, type Statement } from '../sql/index.ts';
import { createConnection, validateConnection } from './execute-connection.ts';
import { createCluster, createSink, createSource, createTable, createView } from './execute-define.ts';
import { dropObjects } from './execute-drop.ts';
import { alterSecret, createSecret } from './execute-secret.ts';
import { showColumns, showCreate, showObjects } from './execute-show.ts';
import type { SessionContext } from './session-context.ts';
import type { StatementResult } from './statement-result.ts';

export interface SessionOptions {
  /** The data directory, already resolved (see catalog/data-dir.ts). */
  dataDir: string;
  /** Default: the OS keychain, scoped to the data directory's instance id. */
  secrets?: (instanceId: string) => SecretStore;
  validateTimeoutMs?: number;
  /**
   * false: never connect to validate (as if every CREATE CONNECTION said WITH (VALIDATE = false)).
   * For planning without a network, e.g. the planner's property test. Default true.
   */
  validateConnections?: boolean;
}

export class Session {
  readonly redactor = new Redactor();
  private readonly context: SessionContext;

  private constructor(
    readonly catalog: Catalog,
    secrets: SecretStore,
    validateTimeoutMs: number,
    validateConnections: boolean,
  ) {
    this.context = { catalog, secrets, redactor: this.redactor, validateTimeoutMs, validateConnections };
  }

  static open(options: SessionOptions): Session {
    const catalog = Catalog.open({ dataDir: options.dataDir });
    const secrets =
      options.secrets?.(catalog.instanceId) ?? new KeychainSecretStore({ instanceId: catalog.instanceId });
    return new Session(
      catalog,
      secrets,
      options.validateTimeoutMs ?? DEFAULT_VALIDATION_TIMEOUT_MS,
      options.validateConnections ?? true,
    );
  }

  close(): void {
    this.catalog.close();
  }

  /** Parses all of `input`: statements, or a positioned SqlError. */
  parse(input: string): Statement[] {
    return parseStatements(input).statements;
  }

  /** Parses all of `input` (nothing runs if any of it fails to parse), then runs each statement in order. */
  async execute(input: string): Promise<StatementResult[]> {
    const statements = this.parse(input);
    const results: StatementResult[] = [];
    for (const statement of statements) results.push(await this.executeStatement(input, statement));
    return results;
  }

  /** Runs one parsed statement; `input` is the text its spans point into. */
  async executeStatement(input: string, statement: Statement): Promise<StatementResult> {
    const context = this.context;
    switch (statement.kind) {
      case 'create_secret':
        return createSecret(context, input, statement);
      case 'alter_secret':
        return alterSecret(context, input, statement);
      case 'create_connection':
        return createConnection(context, input, statement);
      case 'validate_connection':
        return validateConnection(context, input, statement);
      case 'create_table':
        return createTable(context, input, statement);
      case 'create_view':
        return createView(context, input, statement);
      case 'create_source':
        return createSource(context, input, statement);
      case 'create_sink':
        return createSink(context, input, statement);
      case 'create_cluster':
        return createCluster(context, input, statement);
      case 'show_objects':
        return showObjects(context, statement);
      case 'show_create':
        return showCreate(context, input, statement);
      case 'show_columns':
        return showColumns(context, input, statement);
      case 'drop_objects':
        return dropObjects(context, input, statement);
      case 'alter_sink':
      case 'explain_sink':
      case 'subscribe':
      case 'select':
      case 'insert':
      case 'update':
      case 'delete':
      case 'begin':
      case 'commit':
      case 'rollback':
        throw notYet(input, statement);
    }
  }
}

const ARRIVES_WITH: Partial<Record<Statement['kind'], string>> = {
  alter_sink: 'the sink runtime',
  explain_sink: 'the sink runtime',
};

function notYet(input: string, statement: Statement): SqlError {
  const words = input
    .slice(statement.span.start, statement.span.end)
    .trim()
    .split(/\s+/)
    .slice(0, statement.kind === 'alter_sink' || statement.kind === 'explain_sink' ? 2 : 1)
    .join(' ')
    .toUpperCase();
  const when = ARRIVES_WITH[statement.kind] ?? 'the streaming engine';
  return SqlError.at(input, statement.span.start, 'not_supported', `${words} is not supported yet`, {
    hint: `This version of sluice catalogues definitions; ${words} arrives with ${when}.`,
  });
}

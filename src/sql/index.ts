/**
 * The SQL layer's public surface: text in, typed statements or one positioned SqlError out.
 *
 * Layout (one concept per file):
 *   lexer.ts, string-literals.ts   tokens with offsets, lines and columns
 *   split.ts                       statements at `;`, and "is this input complete?" for the REPL
 *   parse.ts                       parseStatements: the entry point
 *   parse-statement.ts             dispatch on the first keywords; unsupported statements
 *   parse-*.ts                     the hand-written Materialize DDL, one statement family each
 *   parse-options.ts               option lists, driven by option-tables.ts (declared via option-spec.ts)
 *   pg-query.ts                    queries, DML and CREATE TABLE through libpg-query
 *   cursor.ts                      the recursive-descent cursor that knows what was expected
 *   ast.ts                         the statement types
 *   errors.ts                      SqlError and formatSqlError (display-width.ts, describe-token.ts)
 *   redact.ts                      secret values out of statement text
 */
export type * from './ast.ts';
export { formatSqlError, SqlError, type SqlErrorCode } from './errors.ts';
export { findOption, optionSpec } from './option-spec.ts';
export { parseStatements, statementText, tryParseStatements } from './parse.ts';
export { parseStatement } from './parse-statement.ts';
export { maskSecretsInText, REDACTED, redactSecrets, redactSecretsInText, secretSpans } from './redact.ts';
export type { StatementSlice } from './split.ts';
export { isInputComplete, splitStatements } from './split.ts';

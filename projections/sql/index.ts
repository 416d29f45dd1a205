export { openReadStore } from './open';
export { SqliteClient, type SqliteClientOptions } from './sqlite-client';
export { PostgresClient, type PostgresClientOptions } from './postgres-client';
export { toNumberedPlaceholders, normalizeParam, assertIdentifier } from './placeholders';
export { cols, insertRows, updateRows, deleteRows, selectByKeys, pgArrayLiteral, type Column, type ColumnType } from './bulk';

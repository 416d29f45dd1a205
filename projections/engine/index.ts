export { ProjectionEngine, rebuildTableName, type ProjectionEngineOptions, type EngineLogger } from './engine';
export { ensureSystemTables, type ParkedRow } from './system-tables';
export { measureCatchUp, streamCountProjection, type CatchUpMeasurement } from './bench-support';
export type { Projection, ProjectionStatus, SetupOptions, SqlClient, SqlLock, TableNamer, TransactionOptions } from './types';

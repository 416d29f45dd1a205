/** The domain surface the 通讯录 commands use (re-exported in one place). */
export * from '../../domain/contacts';
export type { DataScope as DataScopeLike } from '../../domain/org/permissions';

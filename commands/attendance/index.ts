export * from './attendance-commands';
export * from './balance-commands';
export * from './dtos';
export * from './outcome';
export * from './seed';
export * from './month-commands';

export * from './dtos';
export * from './supervision-commands';

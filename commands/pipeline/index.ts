/** The command pipeline: handler, clock, upcasters, DTO validation. */
export * from './clock';
export * from './handler';
export * from './upcasters';
export * from './validation';

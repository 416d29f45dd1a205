/** 费用 command side: the facades, their DTOs and the reaction executor. */
export * from './dtos';
export * from './expense-commands';

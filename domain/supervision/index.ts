/**
 * 督办 (supervision) bounded context (pure). Public API:
 *  - item: supervisionDecider (stream supervision-item-<id>), SupervisionEvent, SupervisionState, labels
 *  - schedule: due times in working days (到期提醒, 超期, 通报, 阶段反馈)
 *  - recipients: who must act (签收, 转办, 催办, 通报), recorded in the events
 *  - establishment.reactor: 立项审批 → 立项通过 + 交办
 *  - extension.reactor: 延期审批 (workflow) → the decision on the item
 *  - deadlines.job: automatic reminders, 催办 and 通报, each once
 */
export * from './item.events';
export * from './item.decide';
export * from './schedule';
export * from './recipients';
export * from './establishment.reactor';
export * from './extension.reactor';
export * from './deadlines.job';
export * from './flow';

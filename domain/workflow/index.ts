/**
 * The workflow engine (审批流程引擎), pure domain. Public API:
 *  - definitions: ProcessDefinitionBody/NodeDef/EdgeDef/FormField, validateDefinition, validateForm,
 *    analyseDefinition, resolveAssignments; decider processDefinitionDecider (stream process-definition-<key>)
 *  - approvers: ApproverRule, OrgDirectory (port), ApplicantSnapshot, resolveRule(s)
 *  - expressions: parseExpression, checkExpression, evaluateCondition, ExpressionError
 *  - calendar: addWorkingDays, workingDayRule, WorkingCalendar
 *  - instances: processInstanceDecider (stream process-<id>), InstanceEvent (+ CLOSING_EVENT_TYPES,
 *    closedTaskId), InstanceState, instanceIdOfTask, usersWhoMayReceiveTasks
 *  - delegation: delegationDecider (stream delegation-<principal>), activeDelegation
 *  - common opinions: commonOpinionsDecider (stream common-opinions-<user>), opinionsMostUsedFirst
 *  - samples: leaveDefinition, simpleApprovalDefinition
 */
export * from './approvers';
export * from './calendar';
export * from './common-opinions';
export * from './definition';
export * from './delegation';
export * from './expression';
export * from './instance.decide';
export * from './instance.events';
export * from './process-definition.decide';
export * from './process-definition.events';
export * from './samples';
export * from './holiday-calendar';
export * from './process-outcome.reactor';

import { CLAIM_SUBJECT_TYPE } from '../../domain/expenses/flow';
import type { InboxContribution } from '../inbox/contribution';

/**
 * 费用 in the unified 待办: the approval tasks are the workflow engine's own rows; this contribution
 * only says where a 费用报销 process opens — the claim page (lines, caps, budget, 办文日志 and the
 * 同意 / 不同意 buttons), not the generic process page. The module adds no rows of its own.
 */
export const expenseInboxContribution: InboxContribution = {
  module: 'expenses',
  eventTypes: [],
  instanceOf: (e) => e.streamId,
  rows: () => [],
  subjectLinks: { [CLAIM_SUBJECT_TYPE]: (claimId) => `/expenses/claims/${claimId}` },
};

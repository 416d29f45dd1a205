import { assetDecider, shanghaiDate, type AssetCommand, type AssetState } from '../../domain/assets';
import { DomainError } from '../../domain/shared/errors';

/**
 * The actions the caller may take on an asset now, found by probing the decider with each command
 * (the web shows only these). Admin actions need 'asset.admin' over the asset's unit (`isAdmin`);
 * 移交 / 接收 belong to the giver / receiver the approval recorded; 报修 to the custodian too.
 */
export type AssetAction =
  | 'issue'
  | 'return'
  | 'lend'
  | 'returnLoan'
  | 'repair'
  | 'completeRepair'
  | 'changeCategory'
  | 'transfer'
  | 'handOver'
  | 'accept'
  | 'dispose'
  | 'completeDisposal';

export function assetAllowedActions(
  s: AssetState,
  who: { userId: string; isAdmin: boolean; departmentUnitId: string | null },
  now: string,
): AssetAction[] {
  const md = { now, actorId: who.userId, onBehalfOf: null, unitId: null };
  const ok = (c: Omit<AssetCommand, 'metadata'>) => {
    try {
      assetDecider.decide({ ...c, metadata: md } as AssetCommand, s);
      return true;
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'invalid') return true; // allowed; the input decides
      return false;
    }
  };
  const out: AssetAction[] = [];
  const tomorrow = shanghaiDate(new Date(Date.parse(now) + 86_400_000).toISOString());
  const openRepair = s.repairs.find((r) => r.open);
  if (who.isAdmin) {
    if (ok({ type: 'IssueAsset', data: { departmentId: 'probe', departmentUnitId: s.custody?.unitId ?? null, custodianId: 'probe' } }))
      out.push('issue');
    if (ok({ type: 'ReturnAsset', data: {} })) out.push('return');
    if (ok({ type: 'LendAsset', data: { borrowerId: 'probe', borrowerDepartmentId: null, dueDate: tomorrow } })) out.push('lend');
    if (ok({ type: 'ReturnLoan', data: {} })) out.push('returnLoan');
    if (
      ok({
        type: 'ChangeCategory',
        data: { category: { code: 'Z00', name: 'probe', usefulLifeMonths: 1 }, effectiveDate: s.card?.acquisitionDate ?? '', reason: '' },
      })
    )
      out.push('changeCategory');
    if (
      ok({
        type: 'RequestTransfer',
        data: {
          transferId: 'probe',
          processId: 'probe',
          to: { unitId: 'probe', departmentId: 'probe', custodianId: null },
          reason: 'probe',
        },
      })
    )
      out.push('transfer');
    if (
      ok({ type: 'RequestDisposal', data: { disposalId: 'probe', processId: 'probe', method: '报废', reason: 'probe', stockTakeId: null } })
    )
      out.push('dispose');
    if (
      s.disposal &&
      ok({ type: 'CompleteDisposal', data: { disposalId: s.disposal.disposalId, proceeds: 0, approvalRef: 'probe', date: null } })
    )
      out.push('completeDisposal');
    if (
      openRepair &&
      ok({ type: 'CompleteRepair', data: { repairId: openRepair.repairId, vendor: 'probe', cost: 0, outcome: 'repaired', note: '' } })
    )
      out.push('completeRepair');
  }
  if (
    (who.isAdmin || s.custody?.custodianId === who.userId) &&
    ok({ type: 'RequestRepair', data: { repairId: 'probe', fault: 'probe', photos: [] } })
  )
    out.push('repair');
  if (
    s.transfer &&
    ok({ type: 'HandOverAsset', data: { transferId: s.transfer.transferId } }) &&
    s.transfer.giverId === who.userId &&
    !s.transfer.handedOver
  )
    out.push('handOver');
  if (s.transfer && ok({ type: 'AcceptTransfer', data: { transferId: s.transfer.transferId } })) out.push('accept');
  return out;
}

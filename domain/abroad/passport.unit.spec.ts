import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider';
import { recorded, scheduledJobSpec } from '../shared/reactor-spec';
import type { AbroadApplicationState } from './application.events';
import { decidePassport, type PassportCommand } from './passport.decide';
import { evolvePassport, initialPassportState, type PassportEvent, type PassportState } from './passport.events';
import { passportOverdueJob as job } from './passport-overdue.job';

const NOW = '2026-03-02T01:00:00.000Z';
const md = (actorId = 'yanqing', now = NOW) => ({ actorId, now });
const registered: PassportEvent = {
  type: 'PassportRegistered',
  data: {
    passportId: 'pp1',
    holderId: 'taoran',
    holderName: '陶然',
    unitId: 'rsj',
    departmentId: 'rsj-jyk',
    docType: '因公护照',
    number: 'E12345678',
    validUntil: '2030-01-01',
    keeperId: 'yanqing',
    keeperName: '严青',
    at: NOW,
  },
};
const application = (status: 'approved' | 'in_review' = 'approved', over: Partial<AbroadApplicationState> = {}) =>
  ({
    status,
    applicationId: 'a1',
    entry: '公职人员出国(赴港澳)',
    applicant: { userId: 'taoran', name: '陶然', unitId: 'rsj', departmentId: 'rsj-jyk', rank: '科员', title: '科员' },
    returnDate: '2026-04-06',
    ...over,
  }) as AbroadApplicationState;
const fold1 = (events: PassportEvent[]): PassportState => fold(evolvePassport, initialPassportState(), events);
class Given {
  constructor(public history: PassportEvent[]) {}
  when(cmd: PassportCommand): PassportEvent[] {
    return decidePassport(cmd, fold1(this.history));
  }
  refused(cmd: PassportCommand) {
    try {
      this.when(cmd);
    } catch (e) {
      return e as { code: string; field?: string };
    }
    throw new Error('expected a refusal');
  }
}
const checkout = (app = application(), now = NOW): PassportCommand => ({
  type: 'CheckOutPassport',
  metadata: md('yanqing', now),
  data: { application: app, keeperId: 'yanqing' },
});
const checkedOut = () => new Given([registered]).when(checkout())[0];

describe('证照登记 (P1)', () => {
  const reg = (over: object = {}): PassportCommand => ({
    type: 'RegisterPassport',
    metadata: md(),
    data: { ...registered.data, ...over } as never,
  });
  it('registers once with its keeper; refuses a bad number, an expired 证件, a second registration', () => {
    expect(new Given([]).when(reg()).map((e) => e.type)).toEqual(['PassportRegistered']);
    expect(new Given([]).refused(reg({ number: 'e-1' }))).toMatchObject({ field: 'number' });
    expect(new Given([]).refused(reg({ validUntil: '2026-03-01' }))).toMatchObject({ field: 'validUntil' });
    expect(new Given([registered]).refused(reg())).toMatchObject({ code: 'passport.already_registered' });
  });
});

describe('领用 and 归还 (P2, P3)', () => {
  it('Given in custody, When checked out for an approved application of its holder, Then due back 7 days after 入境', () => {
    expect(checkedOut()).toEqual({
      type: 'PassportCheckedOut',
      data: {
        passportId: 'pp1',
        applicationId: 'a1',
        entry: '公职人员出国(赴港澳)',
        holderId: 'taoran',
        keeperId: 'yanqing',
        returnDate: '2026-04-06',
        dueBack: '2026-04-13T16:00:00.000Z',
        at: NOW,
      },
    });
    expect(fold1([registered, checkedOut()])).toMatchObject({ status: 'checked_out', loan: { applicationId: 'a1' } });
  });
  it('refuses: not approved, another holder, already out, the same application twice, a 证件 expiring before 入境', () => {
    const g = new Given([registered]);
    expect(g.refused(checkout(application('in_review')))).toMatchObject({ code: 'passport.not_approved' });
    expect(g.refused(checkout(application('approved', { applicant: { userId: 'other' } } as never)))).toMatchObject({
      code: 'passport.not_holder',
    });
    expect(g.refused(checkout(application('approved', { returnDate: '2031-01-01' })))).toMatchObject({ code: 'passport.expires' });
    expect(new Given([registered, checkedOut()]).refused(checkout())).toMatchObject({ code: 'passport.not_in_custody' });
    const returned: PassportEvent = {
      type: 'PassportReturned',
      data: { passportId: 'pp1', applicationId: 'a1', keeperId: 'yanqing', daysLate: 0, at: NOW },
    };
    expect(new Given([registered, checkedOut(), returned]).refused(checkout())).toMatchObject({ code: 'passport.already_served' });
  });
  it('归还 on the last day is on time; two days after it is 2 days late; in custody there is nothing to return', () => {
    const g = new Given([registered, checkedOut()]);
    const ret = (now: string): PassportCommand => ({ type: 'ReturnPassport', metadata: md('yanqing', now), data: { keeperId: 'yanqing' } });
    expect(g.when(ret('2026-04-13T15:00:00.000Z'))[0].data).toMatchObject({ daysLate: 0 });
    expect(g.when(ret('2026-04-15T03:00:00.000Z'))[0].data).toMatchObject({ daysLate: 2 });
    expect(new Given([registered]).refused(ret(NOW))).toMatchObject({ code: 'passport.not_checked_out' });
  });
});

describe('逾期未还提醒 (P4 and the scheduled job J1–J3)', () => {
  const remind = (now: string, applicationId = 'a1'): PassportCommand => ({
    type: 'RemindPassportOverdue',
    metadata: md('system', now),
    data: { applicationId },
  });
  it('Given checked out, When the due time passed, Then one reminder to the holder and the keeper', () => {
    const g = new Given([registered, checkedOut()]);
    expect(g.when(remind('2026-04-13T15:59:59.000Z'))).toEqual([]);
    const [e] = g.when(remind('2026-04-13T16:00:00.000Z'));
    expect(e).toEqual({
      type: 'PassportReturnOverdue',
      data: {
        passportId: 'pp1',
        applicationId: 'a1',
        holderId: 'taoran',
        keeperId: 'yanqing',
        dueBack: '2026-04-13T16:00:00.000Z',
        remind: ['taoran', 'yanqing'],
        at: '2026-04-13T16:00:00.000Z',
      },
    });
    expect(new Given([registered, checkedOut(), e]).when(remind('2026-04-20T00:00:00.000Z'))).toEqual([]);
    expect(g.when(remind('2026-04-20T00:00:00.000Z', 'a2'))).toEqual([]);
  });
  const r = (e: PassportEvent) => recorded(e as never, { streamId: 'abroad-passport-pp1' });
  it('J1/J2: a 领用 is due at its dueBack and fires the reminder; J3: 归还 cancels it', () => {
    const spec = scheduledJobSpec(job).given([r(registered), r(checkedOut())] as never);
    spec.thenDue([{ jobId: 'pp1:a1', dueAt: '2026-04-13T16:00:00.000Z', payload: { passportId: 'pp1', applicationId: 'a1' } }]);
    spec.whenDueAt('2026-04-13T15:00:00.000Z').then([]);
    spec.whenDueAt('2026-04-13T16:00:00.000Z').then([{ type: 'RemindPassportOverdue', data: { passportId: 'pp1', applicationId: 'a1' } }]);
    const returned: PassportEvent = {
      type: 'PassportReturned',
      data: { passportId: 'pp1', applicationId: 'a1', keeperId: 'yanqing', daysLate: 0, at: NOW },
    };
    scheduledJobSpec(job)
      .given([r(checkedOut()), r(returned)] as never)
      .thenDue([]);
  });
});

/** Test support for the attendance specs (pure): Given/When/Then over the deciders. */
import type { CommandMetadata } from '../shared/decider';
import { fold } from '../shared/decider';
import { applicationDecider, type ApplicationCommand } from './application.decide';
import type { ApplicationEvent } from './application.events';
import { balanceDecider, type BalanceCommand } from './balance.decide';
import type { BalanceEvent } from './balance.events';

export const NOW = '2026-09-01T02:00:00.000Z';
export const meta = (over: Partial<CommandMetadata> = {}): CommandMetadata => ({ now: NOW, actorId: 'tao-ran', ...over });

type Dist<T> = T extends unknown ? Omit<T, 'metadata'> : never;

export function givenBalance(history: BalanceEvent[]) {
  const s = fold(balanceDecider.evolve, balanceDecider.initialState(), history);
  return {
    state: s,
    when: (c: Dist<BalanceCommand>, m: Partial<CommandMetadata> = {}) =>
      balanceDecider.decide({ ...c, metadata: meta(m) } as BalanceCommand, s),
  };
}

export function givenApplication(history: ApplicationEvent[]) {
  const s = fold(applicationDecider.evolve, applicationDecider.initialState(), history);
  return {
    state: s,
    when: (c: Dist<ApplicationCommand>, m: Partial<CommandMetadata> = {}) =>
      applicationDecider.decide({ ...c, metadata: meta(m) } as ApplicationCommand, s),
  };
}

/** 2026 holidays around 国庆 (the State Council notice): 10-01..10-07 off, Saturday 10-10 worked, 09-20 worked. */
export const CAL_2026 = {
  holidays: [
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  extraWorkdays: ['2026-09-20', '2026-10-10'],
};

import type { Command, Decider } from '../../../domain/shared/decider';
import { DomainError } from '../../../domain/shared/errors';

/**
 * A tiny decider for the pipeline's tests: an account of fen that may not go negative.
 * (The pipeline is generic: testing it with a 4-line domain keeps the cases readable.)
 */
export type AccountCommand =
  Command<'Deposit', { amount: number }> | Command<'Withdraw', { amount: number }> | Command<'Touch', Record<string, never>>;
export type AccountEvent =
  { type: 'Deposited'; data: { amount: number; at: string } } | { type: 'Withdrawn'; data: { amount: number; at: string } };
export interface AccountState {
  balance: number;
  history: string[];
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: () => ({ balance: 0, history: [] }),
  decide: (c, s) => {
    switch (c.type) {
      case 'Deposit':
        return [{ type: 'Deposited', data: { amount: c.data.amount, at: c.metadata.now } }];
      case 'Withdraw':
        if (s.balance < c.data.amount) throw new DomainError('rule', 'account.insufficient', '余额不足');
        return [{ type: 'Withdrawn', data: { amount: c.data.amount, at: c.metadata.now } }];
      case 'Touch':
        return [];
    }
  },
  evolve: (s, e) => ({
    balance: s.balance + (e.type === 'Deposited' ? e.data.amount : -e.data.amount),
    history: [...s.history, `${e.type}:${e.data.amount}`],
  }),
};

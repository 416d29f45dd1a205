import { expect } from 'vitest';
import type { Command, Decider, DomainEvent } from '../../domain/shared/decider';
import { DomainError } from '../../domain/shared/errors';

/**
 * Test support only (imported by *.unit.spec.ts, never by the model).
 * Given/When/Then for decider specs: given past events, when a command (metadata filled in), then
 * exactly these new events — or a DomainError with this code.
 *
 *   spec(unitDecider).given([created]).when(cmd('RenameUnit', { name: 'x' })).then([...]);
 *   spec(unitDecider).given([]).when(...).thenThrows('unit.not_found');
 */
export const NOW = '2026-03-02T01:00:00.000Z';

export function meta(actorId = 'admin', now = NOW) {
  return { now, actorId, onBehalfOf: null, unitId: null };
}

export function spec<C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      const run = (command: C) => decider.decide(command, state);
      return {
        state,
        when(command: C) {
          return {
            then(expected: readonly E[]): E[] {
              const actual = run(command);
              expect(actual).toEqual(expected);
              return actual;
            },
            thenThrows(code: string): DomainError {
              let result: E[] | undefined;
              let error: unknown;
              try {
                result = run(command);
              } catch (err) {
                error = err;
              }
              expect(result, 'the command should have been refused').toBeUndefined();
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).code).toBe(code);
              return error as DomainError;
            },
          };
        },
      };
    },
  };
}

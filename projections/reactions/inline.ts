import type { RecordedEvent } from '../../domain/eventstore/envelope';
import type { ReactorInput } from '../../domain/shared/reactor';
import { reactionCommandId } from './reactor-projection';
import type { ReactorBinding } from './runtime';
import { SYSTEM_ACTOR } from './types';

/**
 * Plays a reactor over `events` (in position order) and sends the commands that `trigger` causes, now,
 * with exactly the idempotency keys, causation and correlation the platform's runtime would use. For
 * batch work that needs a reaction before the projection engine runs (the demo seed): when the
 * runtime later reaches the same trigger, its command is recognised and nothing happens twice.
 */
export async function reactInline(binding: ReactorBinding, events: readonly RecordedEvent[], trigger: RecordedEvent): Promise<number> {
  const { reactor } = binding;
  const key = reactor.keyOf(trigger as unknown as ReactorInput<never>);
  if (key === null || !reactor.eventTypes.includes(trigger.type)) return 0;
  let state = reactor.initialState();
  for (const e of events) {
    if (!reactor.eventTypes.includes(e.type)) continue;
    const input = e as unknown as ReactorInput<never>;
    if (reactor.keyOf(input) !== key) continue;
    state = reactor.evolve(state, input);
    if (e.id !== trigger.id) continue;
    const commands = reactor.react(state, input);
    for (let i = 0; i < commands.length; i++)
      await binding.dispatch(commands[i]!, {
        commandId: reactionCommandId(reactor.name, e.id, i),
        correlationId: e.metadata.correlationId,
        causationId: e.id,
        now: e.recordedAt,
        actorId: SYSTEM_ACTOR,
        source: reactor.name,
      });
    return commands.length;
  }
  return 0;
}

/** ProcessDefinition decider: publish (validated) and retire. */
import type { Command, Decider } from '../shared/decider';
import { DomainError } from '../shared/errors';
import { validateDefinition, type ProcessDefinitionBody } from './definition';
import { evolveDefinition, initialDefinitionState, type DefinitionEvent, type DefinitionState } from './process-definition.events';

export type PublishDefinition = Command<'PublishDefinition', { definition: ProcessDefinitionBody }>;
export type RetireDefinition = Command<'RetireDefinition', { key: string; reason: string }>;
export type DefinitionCommand = PublishDefinition | RetireDefinition;

/** Thrown on publish with every field error (the HTTP boundary renders them as 400 field errors). */
export class DefinitionInvalid extends DomainError {
  constructor(readonly errors: { field: string; message: string }[]) {
    super(
      'invalid',
      'definition.invalid',
      `流程定义有 ${errors.length} 处错误：${errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('；')}`,
      errors[0]?.field,
    );
  }
}

export function decideDefinition(cmd: DefinitionCommand, s: DefinitionState): DefinitionEvent[] {
  const { now, actorId } = cmd.metadata;
  switch (cmd.type) {
    case 'PublishDefinition': {
      const def = cmd.data.definition;
      const errors = validateDefinition(def);
      if (errors.length) throw new DefinitionInvalid(errors);
      if (s.key !== null && s.key !== def.key) throw new DomainError('invalid', 'definition.key_mismatch', '流程标识与流不一致', 'key');
      const { key, name, kind, description, formFields, nodes, edges } = def;
      return [
        {
          type: 'DefinitionPublished',
          data: {
            key,
            name,
            kind,
            ...(description !== undefined ? { description } : {}),
            formFields,
            nodes,
            edges,
            version: s.latestVersion + 1,
            publishedBy: actorId,
            publishedAt: now,
          },
        },
      ];
    }
    case 'RetireDefinition': {
      if (s.latestVersion === 0) throw new DomainError('not_found', 'definition.not_found', '流程定义不存在');
      if (s.retired) throw new DomainError('conflict', 'definition.already_retired', '流程定义已停用');
      if (!cmd.data.reason?.trim()) throw new DomainError('invalid', 'definition.reason_required', '请填写停用原因', 'reason');
      return [
        {
          type: 'DefinitionRetired',
          data: { key: s.key!, version: s.latestVersion, reason: cmd.data.reason, retiredBy: actorId, retiredAt: now },
        },
      ];
    }
  }
}

export const processDefinitionDecider: Decider<DefinitionCommand, DefinitionEvent, DefinitionState> = {
  initialState: initialDefinitionState,
  decide: decideDefinition,
  evolve: evolveDefinition,
};

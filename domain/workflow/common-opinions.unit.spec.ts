import { describe, it, expect } from 'vitest';
import { fold } from '../shared/decider';
import {
  decideCommonOpinions,
  evolveCommonOpinions,
  initialCommonOpinionsState,
  opinionsMostUsedFirst,
  type CommonOpinionCommand,
  type CommonOpinionsState,
} from './common-opinions';
import { later, md, T0 } from './spec-support';

function run(cmds: CommonOpinionCommand[]): CommonOpinionsState {
  let s = initialCommonOpinionsState();
  for (const c of cmds) s = fold(evolveCommonOpinions, s, decideCommonOpinions(c, s));
  return s;
}
const add = (opinionId: string, text: string): CommonOpinionCommand => ({
  type: 'AddCommonOpinion',
  metadata: md('lead'),
  data: { userId: 'lead', opinionId, text },
});
const use = (opinionId: string, minutes = 0): CommonOpinionCommand => ({
  type: 'UseCommonOpinion',
  metadata: md('lead', later(T0, minutes)),
  data: { userId: 'lead', opinionId },
});

describe('常用意见 decider', () => {
  it('adds, edits, deletes, and lists the most used first', () => {
    const s = run([
      add('o1', '同意'),
      add('o2', '请按规定办理'),
      add('o3', '拟同意，请领导审批'),
      use('o2', 1),
      use('o2', 2),
      use('o3', 3),
    ]);
    expect(opinionsMostUsedFirst(s).map((o) => [o.text, o.useCount])).toEqual([
      ['请按规定办理', 2],
      ['拟同意，请领导审批', 1],
      ['同意', 0],
    ]);
    const s2 = run([
      add('o1', '同意'),
      { type: 'EditCommonOpinion', metadata: md('lead'), data: { userId: 'lead', opinionId: 'o1', text: ' 同意。 ' } },
    ]);
    expect(s2.opinions.o1.text).toBe('同意。');
    const s3 = run([add('o1', '同意'), { type: 'DeleteCommonOpinion', metadata: md('lead'), data: { userId: 'lead', opinionId: 'o1' } }]);
    expect(s3.opinions).toEqual({});
  });

  it('refuses empty, too long, duplicate text, unknown ids and other users', () => {
    const s = run([add('o1', '同意')]);
    expect(() => decideCommonOpinions(add('o2', '  '), s)).toThrow(expect.objectContaining({ kind: 'invalid', field: 'text' }));
    expect(() => decideCommonOpinions(add('o2', '长'.repeat(201)), s)).toThrow(expect.objectContaining({ code: 'opinion.too_long' }));
    expect(() => decideCommonOpinions(add('o2', '同意'), s)).toThrow(expect.objectContaining({ code: 'opinion.duplicate' }));
    expect(() => decideCommonOpinions(use('zz'), s)).toThrow(expect.objectContaining({ kind: 'not_found' }));
    expect(() => decideCommonOpinions({ ...add('o2', 'x'), metadata: md('other') }, s)).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
  });
});

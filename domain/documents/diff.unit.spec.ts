import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff, diffStats, lineDiff } from './diff';

describe('lineDiff (拟稿 → 核稿)', () => {
  it('shows a changed line as a deletion and an insertion, with line numbers', () => {
    const d = lineDiff('一、原则\n量入为出\n二、时间', '一、原则\n量入为出，收支平衡\n二、时间\n三、要求');
    expect(d).toEqual([
      { op: 'equal', text: '一、原则', oldLine: 1, newLine: 1 },
      { op: 'delete', text: '量入为出', oldLine: 2 },
      { op: 'insert', text: '量入为出，收支平衡', newLine: 2 },
      { op: 'equal', text: '二、时间', oldLine: 3, newLine: 3 },
      { op: 'insert', text: '三、要求', newLine: 4 },
    ]);
    expect(diffStats(d)).toEqual({ added: 2, removed: 1, unchanged: 2 });
  });

  it('identical texts are all equal; empty to text is all inserts', () => {
    expect(lineDiff('a\nb', 'a\nb').every((l) => l.op === 'equal')).toBe(true);
    expect(lineDiff('', 'a\nb').map((l) => l.op)).toEqual(['insert', 'insert']);
  });

  it('property: lossless (both texts rebuild from the diff) and minimal (equal lines = LCS length)', () => {
    const lines = fc.array(fc.constantFrom('甲', '乙', '丙', '丁', ''), { maxLength: 12 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const oldText = a.join('\n');
        const newText = b.join('\n');
        const d = lineDiff(oldText, newText);
        const back = applyDiff(d);
        expect(back.oldText).toBe(a.length === 0 ? '' : oldText);
        expect(back.newText).toBe(b.length === 0 ? '' : newText);
        // LCS by brute DP on the split lines
        const A = oldText === '' ? [] : oldText.split('\n');
        const B = newText === '' ? [] : newText.split('\n');
        const L = Array.from({ length: A.length + 1 }, () => new Array<number>(B.length + 1).fill(0));
        for (let i = A.length - 1; i >= 0; i--)
          for (let j = B.length - 1; j >= 0; j--) L[i][j] = A[i] === B[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
        expect(diffStats(d).unchanged).toBe(L[0][0]);
      }),
    );
  });
});

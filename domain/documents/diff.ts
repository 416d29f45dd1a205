/**
 * A pure line diff for 正文 versions (拟稿 → 核稿 edits shown as a diff).
 *
 *   lineDiff(oldText, newText) → [{ op: 'equal' | 'delete' | 'insert', text, oldLine?, newLine? }, …]
 *   diffStats(hunks) → { added, removed, unchanged }
 *
 * Common prefix and suffix are stripped first, then the middle is aligned by the longest common
 * subsequence (dynamic programming). The middle is bounded (MAX_CELLS); beyond that the middle is
 * reported as a whole deletion followed by a whole insertion — still correct, just coarser.
 * Line numbers are 1-based; `oldLine` on equal/delete, `newLine` on equal/insert.
 */
export type DiffOp = 'equal' | 'delete' | 'insert';

export interface DiffLine {
  op: DiffOp;
  text: string;
  oldLine?: number;
  newLine?: number;
}

const MAX_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r\n?/g, '\n').split('\n');
}

export function lineDiff(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ op: 'equal', text: a[i], oldLine: i + 1, newLine: i + 1 });
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    midA.forEach((t, i) => out.push({ op: 'delete', text: t, oldLine: start + i + 1 }));
    midB.forEach((t, j) => out.push({ op: 'insert', text: t, newLine: start + j + 1 }));
  } else if (n > 0 || m > 0) {
    // lcs[i][j] = LCS length of midA[i..] and midB[j..], one flat array
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = midA[i] === midB[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        out.push({ op: 'equal', text: midA[i], oldLine: start + i + 1, newLine: start + j + 1 });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
        out.push({ op: 'delete', text: midA[i], oldLine: start + i + 1 });
        i++;
      } else {
        out.push({ op: 'insert', text: midB[j], newLine: start + j + 1 });
        j++;
      }
    }
  }
  for (let k = 0; k < a.length - endA; k++) {
    out.push({ op: 'equal', text: a[endA + k], oldLine: endA + k + 1, newLine: endB + k + 1 });
  }
  return out;
}

export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number; unchanged: number } {
  let added = 0;
  let removed = 0;
  let unchanged = 0;
  for (const l of lines) {
    if (l.op === 'insert') added++;
    else if (l.op === 'delete') removed++;
    else unchanged++;
  }
  return { added, removed, unchanged };
}

/** Rebuilds the new text from a diff (used by the property test: the diff is lossless). */
export function applyDiff(lines: readonly DiffLine[]): { oldText: string; newText: string } {
  return {
    oldText: lines
      .filter((l) => l.op !== 'insert')
      .map((l) => l.text)
      .join('\n'),
    newText: lines
      .filter((l) => l.op !== 'delete')
      .map((l) => l.text)
      .join('\n'),
  };
}

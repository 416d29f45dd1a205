/**
 * 流程设计器的模型 (DingTalk-style): a process is a vertical list of steps; a 条件分支 or 并行分支 step holds
 * branches, each a list of steps again. `compile` turns the tree into the engine's definition (nodes +
 * edges, domain/workflow/definition.ts); `decompile` reads a structured (series-parallel) definition back;
 * `locate` maps the server's validation errors (`nodes[3].approvers[0]`, `edges[5].condition`) onto the
 * steps and branches they are about. Pure: no Angular.
 */
export type RuleType = 'person' | 'role' | 'position' | 'departmentLeader' | 'leaderChain' | 'drafter';
export interface RuleUi {
  type: RuleType;
  /** person: user ids, comma separated */
  userIds: string;
  role: string;
  positionId: string;
  levels: number;
  pickAll: boolean;
}
export type HumanKind = 'approval' | 'countersign' | 'anyOf' | 'cc';
export interface HumanStep {
  uid: string;
  kind: HumanKind;
  name: string;
  rules: RuleUi[];
  mode: 'sequential' | 'parallel';
  timeLimitDays: number | null;
}
export interface Branch {
  uid: string;
  name: string;
  condition: string;
  isDefault: boolean;
  steps: Step[];
}
export interface BlockStep {
  uid: string;
  kind: 'condition' | 'parallel';
  name: string;
  branches: Branch[];
}
export type Step = HumanStep | BlockStep;
export interface FieldUi {
  name: string;
  label: string;
  type: 'string' | 'text' | 'number' | 'money' | 'boolean' | 'date' | 'enum' | 'rank';
  required: boolean;
  options: string;
}
export interface Design {
  key: string;
  name: string;
  kind: string;
  description: string;
  fields: FieldUi[];
  steps: Step[];
}

type Rule = Record<string, unknown> & { type: string };
export interface NodeOut {
  id: string;
  name: string;
  kind: string;
  approvers?: Rule[];
  recipients?: Rule[];
  mode?: 'sequential' | 'parallel';
  timeLimitDays?: number;
  join?: string;
}
export interface EdgeOut {
  from: string;
  to: string;
  condition?: string;
  isDefault?: boolean;
}
export interface DefinitionOut {
  key: string;
  name: string;
  kind: string;
  description?: string;
  formFields: Record<string, unknown>[];
  nodes: NodeOut[];
  edges: EdgeOut[];
}

let seq = 0;
export const uid = (p: string) => `${p}${Date.now().toString(36).slice(-4)}${(++seq).toString(36)}`;

export const newRule = (type: RuleType = 'departmentLeader'): RuleUi => ({
  type,
  userIds: '',
  role: '',
  positionId: '',
  levels: 2,
  pickAll: false,
});
export const newHuman = (kind: HumanKind = 'approval'): HumanStep => ({
  uid: uid('n'),
  kind,
  name: { approval: '审批', countersign: '会签', anyOf: '或签', cc: '传阅' }[kind],
  rules: [newRule()],
  mode: 'parallel',
  timeLimitDays: null,
});
export const newBlock = (kind: 'condition' | 'parallel'): BlockStep => ({
  uid: uid(kind === 'condition' ? 'c' : 'p'),
  kind,
  name: kind === 'condition' ? '条件分支' : '并行分支',
  branches:
    kind === 'condition'
      ? [
          { uid: uid('b'), name: '条件 1', condition: '', isDefault: false, steps: [] },
          { uid: uid('b'), name: '其他情况', condition: '', isDefault: true, steps: [] },
        ]
      : [
          { uid: uid('b'), name: '分支 1', condition: '', isDefault: false, steps: [] },
          { uid: uid('b'), name: '分支 2', condition: '', isDefault: false, steps: [] },
        ],
});
export const emptyDesign = (): Design => ({
  key: '',
  name: '',
  kind: '',
  description: '',
  fields: [{ name: 'reason', label: '事由', type: 'text', required: true, options: '' }],
  steps: [newHuman('approval')],
});

function ruleOut(r: RuleUi): Rule {
  switch (r.type) {
    case 'person':
      return { type: 'person', userIds: r.userIds.split(/[,，\s]+/).filter(Boolean) };
    case 'role':
      return { type: 'role', role: r.role.trim() };
    case 'position':
      return { type: 'position', positionId: r.positionId.trim() };
    case 'leaderChain':
      return { type: 'leaderChain', levels: Number(r.levels) || 1, ...(r.pickAll ? { pick: 'all' } : {}) };
    default:
      return { type: r.type };
  }
}

/** Where each compiled node and edge came from: a step uid, or a branch uid for a branch's first edge. */
export interface Compiled {
  definition: DefinitionOut;
  nodeOwner: string[];
  edgeOwner: string[];
}

export function compile(d: Design): Compiled {
  const nodes: NodeOut[] = [{ id: 'start', name: '发起', kind: 'start' }];
  const nodeOwner: string[] = [''];
  const edges: EdgeOut[] = [];
  const edgeOwner: string[] = [];
  const edge = (e: EdgeOut, owner: string) => {
    edges.push(e);
    edgeOwner.push(owner);
  };
  /** Lays the steps after `from` (exits: node ids with their pending edge attributes); returns the new exits. */
  type Exit = { id: string; attrs?: Omit<EdgeOut, 'from' | 'to'>; owner: string };
  const lay = (steps: Step[], exits: Exit[]): Exit[] => {
    let cur = exits;
    for (const s of steps) {
      const connect = (to: string) => cur.forEach((x) => edge({ from: x.id, to, ...(x.attrs ?? {}) }, x.owner || s.uid));
      if (s.kind === 'condition') {
        nodes.push({ id: s.uid, name: s.name, kind: 'condition' });
        nodeOwner.push(s.uid);
        connect(s.uid);
        const out: Exit[] = [];
        for (const b of s.branches) {
          const attrs = b.isDefault ? { isDefault: true } : { condition: b.condition.trim() };
          out.push(...lay(b.steps, [{ id: s.uid, attrs, owner: b.uid }]));
        }
        cur = out;
      } else if (s.kind === 'parallel') {
        const join = `${s.uid}-join`;
        nodes.push({ id: s.uid, name: s.name, kind: 'parallelSplit', join });
        nodeOwner.push(s.uid);
        connect(s.uid);
        const out: Exit[] = [];
        for (const b of s.branches) out.push(...lay(b.steps, [{ id: s.uid, owner: b.uid }]));
        nodes.push({ id: join, name: `${s.name}汇合`, kind: 'parallelJoin' });
        nodeOwner.push(s.uid);
        out.forEach((x) => edge({ from: x.id, to: join, ...(x.attrs ?? {}) }, x.owner || s.uid));
        cur = [{ id: join, owner: '' }];
      } else {
        const h = s as HumanStep;
        const rules = h.rules.map(ruleOut);
        const n: NodeOut =
          h.kind === 'cc'
            ? { id: h.uid, name: h.name, kind: 'cc', recipients: rules }
            : {
                id: h.uid,
                name: h.name,
                kind: h.kind,
                approvers: rules,
                ...(h.kind === 'countersign' ? { mode: h.mode } : {}),
                ...(h.timeLimitDays ? { timeLimitDays: Number(h.timeLimitDays) } : {}),
              };
        nodes.push(n);
        nodeOwner.push(s.uid);
        connect(s.uid);
        cur = [{ id: s.uid, owner: '' }];
      }
    }
    return cur;
  };
  const exits = lay(d.steps, [{ id: 'start', owner: '' }]);
  nodes.push({ id: 'end', name: '结束', kind: 'end' });
  nodeOwner.push('');
  exits.forEach((x) => edge({ from: x.id, to: 'end', ...(x.attrs ?? {}) }, x.owner));
  const formFields = d.fields.map((f) => ({
    name: f.name.trim(),
    label: f.label.trim(),
    type: f.type,
    required: f.required,
    ...(f.type === 'enum'
      ? {
          options: f.options
            .split(/[,，]/)
            .map((o) => o.trim())
            .filter(Boolean),
        }
      : {}),
  }));
  return {
    definition: {
      key: d.key.trim(),
      name: d.name.trim(),
      kind: d.kind.trim() || d.name.trim(),
      ...(d.description.trim() ? { description: d.description.trim() } : {}),
      formFields,
      nodes,
      edges,
    },
    nodeOwner,
    edgeOwner,
  };
}

/** The server's errors (field `definition.nodes[3]…`), grouped by the step or branch uid they concern ('' = the process). */
export function locate(c: Compiled, errors: { field: string; message: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const f = e.field.replace(/^definition\./, '');
    const n = /^nodes\[(\d+)\]/.exec(f);
    const g = /^edges\[(\d+)\]/.exec(f);
    const owner = n
      ? (c.nodeOwner[Number(n[1])] ?? '')
      : g
        ? (c.edgeOwner[Number(g[1])] ?? '')
        : f.startsWith('formFields')
          ? 'fields'
          : '';
    (out[owner] ??= []).push(e.message);
  }
  return out;
}

function ruleIn(r: Rule): RuleUi {
  const x = newRule(r.type as RuleType);
  if (r.type === 'person') x.userIds = ((r['userIds'] as string[]) ?? []).join(',');
  if (r.type === 'role') x.role = String(r['role'] ?? '');
  if (r.type === 'position') x.positionId = String(r['positionId'] ?? '');
  if (r.type === 'leaderChain') {
    x.levels = Number(r['levels'] ?? 1);
    x.pickAll = r['pick'] === 'all';
  }
  return x;
}

/** A structured (series-parallel) definition back into steps; null when the graph is not of that shape. */
export function decompile(def: DefinitionOut): Design | null {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const outs = (id: string) => def.edges.filter((e) => e.from === id);
  // topological order for the merge search
  const order = new Map<string, number>();
  const indeg = new Map(def.nodes.map((n) => [n.id, 0]));
  def.edges.forEach((e) => indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1));
  const queue = def.nodes.filter((n) => (indeg.get(n.id) ?? 0) === 0).map((n) => n.id);
  while (queue.length) {
    const id = queue.shift()!;
    order.set(id, order.size);
    for (const e of outs(id)) {
      indeg.set(e.to, indeg.get(e.to)! - 1);
      if (indeg.get(e.to) === 0) queue.push(e.to);
    }
  }
  const reach = (id: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [id];
    while (stack.length) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      outs(x).forEach((e) => stack.push(e.to));
    }
    return seen;
  };
  const merge = (targets: string[]): string => {
    const sets = targets.map(reach);
    const common = [...sets[0]!].filter((x) => sets.every((s) => s.has(x)));
    return common.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0] ?? 'end';
  };
  let guard = 0;
  const walk = (from: string, stop: string): Step[] | null => {
    const steps: Step[] = [];
    let id = from;
    while (id !== stop) {
      if (++guard > 10_000) return null;
      const n = byId.get(id);
      if (!n || n.kind === 'end') return id === stop || n?.kind === 'end' ? steps : null;
      const o = outs(id);
      if (n.kind === 'condition') {
        const m = merge(o.map((e) => e.to));
        const branches: Branch[] = [];
        for (const [i, e] of o.entries()) {
          const inner = e.to === m ? [] : walk(e.to, m);
          if (!inner) return null;
          branches.push({
            uid: uid('b'),
            name: e.isDefault ? '其他情况' : `条件 ${i + 1}`,
            condition: e.condition ?? '',
            isDefault: !!e.isDefault,
            steps: inner,
          });
        }
        steps.push({ uid: n.id, kind: 'condition', name: n.name, branches });
        id = m;
      } else if (n.kind === 'parallelSplit') {
        const j = n.join ?? merge(o.map((e) => e.to));
        const branches: Branch[] = [];
        for (const [i, e] of o.entries()) {
          const inner = e.to === j ? [] : walk(e.to, j);
          if (!inner) return null;
          branches.push({ uid: uid('b'), name: `分支 ${i + 1}`, condition: '', isDefault: false, steps: inner });
        }
        steps.push({ uid: n.id, kind: 'parallel', name: n.name, branches });
        const after = outs(j);
        if (after.length !== 1) return null;
        id = after[0]!.to;
      } else if (n.kind === 'start') {
        if (o.length !== 1) return null;
        id = o[0]!.to;
      } else if (n.kind === 'approval' || n.kind === 'countersign' || n.kind === 'anyOf' || n.kind === 'cc') {
        const rules = (n.kind === 'cc' ? n.recipients : n.approvers) ?? [];
        steps.push({
          uid: n.id,
          kind: n.kind,
          name: n.name,
          rules: rules.map(ruleIn),
          mode: n.mode ?? 'parallel',
          timeLimitDays: n.timeLimitDays ?? null,
        });
        if (o.length !== 1) return null;
        id = o[0]!.to;
      } else return null;
    }
    return steps;
  };
  const steps = walk('start', 'end');
  if (!steps) return null;
  return {
    key: def.key,
    name: def.name,
    kind: def.kind,
    description: def.description ?? '',
    fields: def.formFields.map((f) => ({
      name: String(f['name'] ?? ''),
      label: String(f['label'] ?? ''),
      type: (f['type'] as FieldUi['type']) ?? 'string',
      required: !!f['required'],
      options: ((f['options'] as string[] | undefined) ?? []).join(','),
    })),
    steps,
  };
}

export interface VersionDiffLine {
  what: string;
  change: '新增' | '删除' | '修改';
  detail: string;
}

/** What changed between two versions: nodes (by id), edges, form fields (by name). */
export function diffVersions(a: DefinitionOut, b: DefinitionOut): VersionDiffLine[] {
  const out: VersionDiffLine[] = [];
  const j = (x: unknown) => JSON.stringify(x);
  const cmp = <T>(label: string, xs: T[], ys: T[], key: (t: T) => string, name: (t: T) => string) => {
    const ma = new Map(xs.map((x) => [key(x), x]));
    const mb = new Map(ys.map((y) => [key(y), y]));
    for (const [k, y] of mb) {
      const x = ma.get(k);
      if (!x) out.push({ what: `${label}「${name(y)}」`, change: '新增', detail: j(y) });
      else if (j(x) !== j(y)) out.push({ what: `${label}「${name(y)}」`, change: '修改', detail: `${j(x)} → ${j(y)}` });
    }
    for (const [k, x] of ma) if (!mb.has(k)) out.push({ what: `${label}「${name(x)}」`, change: '删除', detail: j(x) });
  };
  if (a.name !== b.name) out.push({ what: '流程名称', change: '修改', detail: `${a.name} → ${b.name}` });
  cmp(
    '节点',
    a.nodes,
    b.nodes,
    (n) => n.id,
    (n) => n.name,
  );
  cmp(
    '连线',
    a.edges,
    b.edges,
    (e) => `${e.from}→${e.to}`,
    (e) => `${e.from}→${e.to}${e.condition ? `（${e.condition}）` : ''}`,
  );
  cmp(
    '表单字段',
    a.formFields,
    b.formFields,
    (f) => String(f['name']),
    (f) => String(f['label']),
  );
  return out;
}

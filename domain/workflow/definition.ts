/**
 * Process definitions (流程定义) as data: a directed acyclic graph of nodes and edges, plus the form.
 * Validated on publish by `validateDefinition` (field-addressed Chinese errors); analysed into the
 * lookup tables the engine walks (`analyseDefinition`).
 */
import {
  APPROVER_RULE_TYPES,
  checkApproverRule,
  resolveRules,
  type ApplicantSnapshot,
  type ApproverRule,
  type OrgDirectory,
} from './approvers';
import { checkExpression, type ValueType } from './expression';
import { isRank } from '../org';

export type FormFieldType = 'string' | 'text' | 'number' | 'money' | 'boolean' | 'date' | 'enum' | 'rank';

export interface FormField {
  /** Identifier used by conditions (`days`, `amount`). */
  name: string;
  label: string;
  type: FormFieldType;
  required?: boolean;
  /** For 'enum'. */
  options?: string[];
  // ── constraints (contract B, .helpers/contracts.md): validated on start and resubmit ──
  /** number/money (money in fen): the smallest and largest value allowed. */
  min?: number;
  max?: number;
  /** string/text: length bounds (characters). */
  minLength?: number;
  maxLength?: number;
  /** string/text: a regular expression the whole value must match. */
  pattern?: string;
  /** date: the name of another date field this one may not precede (结束日期 ≥ 开始日期). */
  notBefore?: string;
  /** The field is required when another field equals this value. */
  requiredIf?: { field: string; equals: string | number | boolean };
}

const NUMERIC_TYPES: ReadonlySet<FormFieldType> = new Set(['number', 'money']);
const TEXT_TYPES: ReadonlySet<FormFieldType> = new Set(['string', 'text']);
const TEXT_LIMIT = { string: 500, text: 20000 } as const;

/** The compiled `pattern` (anchored: the whole value must match); null when it does not compile. */
export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return null;
  }
}

/** Publish-time checks of one field's constraints: they fit its type and refer to existing fields. */
function checkFieldConstraints(f: FormField, at: string, all: readonly FormField[], err: (field: string, message: string) => void): void {
  const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  const isLen = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  for (const k of ['min', 'max'] as const) {
    if (f[k] === undefined) continue;
    if (!NUMERIC_TYPES.has(f.type)) err(`${at}.${k}`, `只有数字或金额字段可以设置${k === 'min' ? '最小值' : '最大值'}`);
    else if (!isNum(f[k])) err(`${at}.${k}`, `${k === 'min' ? '最小值' : '最大值'}须为有限数字`);
    else if (f.type === 'money' && !Number.isSafeInteger(f[k])) err(`${at}.${k}`, '金额的上下限须为以分计的整数');
  }
  if (isNum(f.min) && isNum(f.max) && f.min > f.max) err(`${at}.max`, '最大值不能小于最小值');
  for (const k of ['minLength', 'maxLength'] as const) {
    if (f[k] === undefined) continue;
    if (!TEXT_TYPES.has(f.type)) err(`${at}.${k}`, '只有文本字段可以设置长度限制');
    else if (!isLen(f[k])) err(`${at}.${k}`, '长度限制须为非负整数');
  }
  if (isLen(f.minLength) && isLen(f.maxLength) && f.minLength > f.maxLength) err(`${at}.maxLength`, '最大长度不能小于最小长度');
  if (f.pattern !== undefined) {
    if (!TEXT_TYPES.has(f.type)) err(`${at}.pattern`, '只有文本字段可以设置格式');
    else if (typeof f.pattern !== 'string' || !f.pattern || f.pattern.length > 500 || !compilePattern(f.pattern))
      err(`${at}.pattern`, '格式须为有效的正则表达式');
  }
  if (f.notBefore !== undefined) {
    const other = all.find((x) => x && x.name === f.notBefore);
    if (f.type !== 'date') err(`${at}.notBefore`, '只有日期字段可以设置日期先后');
    else if (!other) err(`${at}.notBefore`, `日期先后引用的字段 “${String(f.notBefore)}” 不存在`);
    else if (other.type !== 'date') err(`${at}.notBefore`, `日期先后引用的字段 “${other.label}” 不是日期字段`);
    else if (other.name === f.name) err(`${at}.notBefore`, '日期先后不能引用字段自身');
  }
  if (f.requiredIf !== undefined) {
    const r = f.requiredIf as Partial<NonNullable<FormField['requiredIf']>>;
    const other = r && typeof r === 'object' ? all.find((x) => x && x.name === r.field) : undefined;
    if (!r || typeof r !== 'object' || typeof r.field !== 'string') err(`${at}.requiredIf`, '条件必填须指定字段');
    else if (!other) err(`${at}.requiredIf.field`, `条件必填引用的字段 “${r.field}” 不存在`);
    else if (other.name === f.name) err(`${at}.requiredIf.field`, '条件必填不能引用字段自身');
    else {
      const want = FIELD_VALUE_TYPE[other.type] === 'rank' ? 'string' : FIELD_VALUE_TYPE[other.type];
      if (typeof r.equals !== want) err(`${at}.requiredIf.equals`, `条件必填的取值须与字段 “${other.label}” 的类型一致`);
      else if (other.type === 'enum' && !(other.options ?? []).includes(r.equals as string))
        err(`${at}.requiredIf.equals`, `条件必填的取值不在字段 “${other.label}” 的选项中`);
    }
  }
}

interface NodeBase {
  /** Letters, digits, `_` and `-`. */
  id: string;
  name: string;
}

/** Nodes that give people tasks carry a time limit (working days) and an optional escalation rule. */
interface HumanNodeBase extends NodeBase {
  approvers: ApproverRule[];
  /** 办理时限 in working days; absent = no limit. */
  timeLimitDays?: number;
  /** Who is told when the limit passes (超时督办), besides the handler. */
  escalateTo?: ApproverRule[];
}

export type NodeDef =
  | (NodeBase & { kind: 'start' })
  /** 审批: one approver (if the rule yields several people, the first to act decides). */
  | (HumanNodeBase & { kind: 'approval' })
  /** 会签: everyone must approve, one after another or all at once. */
  | (HumanNodeBase & { kind: 'countersign'; mode: 'sequential' | 'parallel' })
  /** 或签: the first approval decides. */
  | (HumanNodeBase & { kind: 'anyOf' })
  /** 传阅: read tasks (待阅) for the recipients; does not block. */
  | (NodeBase & { kind: 'cc'; recipients: ApproverRule[] })
  /** 条件分支 (exclusive gateway): outgoing edges carry `condition`, tried in order; one is `isDefault`. */
  | (NodeBase & { kind: 'condition' })
  /** 并行分支: every outgoing edge runs; `join` names the matching parallelJoin. */
  | (NodeBase & { kind: 'parallelSplit'; join: string })
  | (NodeBase & { kind: 'parallelJoin' })
  | (NodeBase & { kind: 'end' });

export type NodeKind = NodeDef['kind'];
export type HumanNodeDef = Extract<NodeDef, { kind: 'approval' | 'countersign' | 'anyOf' }>;
export const NODE_KINDS: readonly NodeKind[] = [
  'start',
  'approval',
  'countersign',
  'anyOf',
  'cc',
  'condition',
  'parallelSplit',
  'parallelJoin',
  'end',
];

export function isHumanNode(n: NodeDef): n is HumanNodeDef {
  return n.kind === 'approval' || n.kind === 'countersign' || n.kind === 'anyOf';
}

export interface EdgeDef {
  from: string;
  to: string;
  /** Only on edges leaving a condition node: e.g. `days > 3`. */
  condition?: string;
  /** Exactly one edge leaving a condition node is the default (否则). */
  isDefault?: boolean;
}

/** What an admin publishes. */
export interface ProcessDefinitionBody {
  /** Stable key, e.g. 'leave' (stream `process-definition-leave`). */
  key: string;
  name: string;
  /** Business kind (请休假, 出差, 发文 …) used for inbox filters and delegation scopes. */
  kind: string;
  description?: string;
  formFields: FormField[];
  nodes: NodeDef[];
  edges: EdgeDef[];
}

/** A published version: what an instance freezes at start. */
export interface DefinitionSnapshot extends ProcessDefinitionBody {
  version: number;
}

export interface FieldError {
  /** e.g. `nodes[2].approvers[0]`, `edges[4].condition`, `formFields[1].name`. */
  field: string;
  message: string;
}

/** Applicant properties conditions may use. */
export const APPLICANT_FIELDS: ReadonlyMap<string, ValueType> = new Map<string, ValueType>([
  ['applicant.rank', 'rank'],
  ['applicant.userId', 'string'],
  ['applicant.unitId', 'string'],
  ['applicant.departmentId', 'string'],
  ['applicant.positionId', 'string'],
  ['applicant.name', 'string'],
]);

const FIELD_VALUE_TYPE: Record<FormFieldType, ValueType> = {
  string: 'string',
  text: 'string',
  number: 'number',
  money: 'number',
  boolean: 'boolean',
  date: 'string',
  enum: 'string',
  rank: 'rank',
};

const RESERVED = new Set(['form', 'applicant', 'true', 'false', 'null', 'in', '__proto__', 'constructor', 'prototype']);
const FIELD_NAME = /^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]{0,63}$/;
const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY = /^[a-z][a-z0-9-]{1,63}$/;

export function knownIdentifiers(def: Pick<ProcessDefinitionBody, 'formFields'>): Map<string, ValueType> {
  const m = new Map(APPLICANT_FIELDS);
  for (const f of def.formFields ?? []) if (f && typeof f.name === 'string') m.set(f.name, FIELD_VALUE_TYPE[f.type] ?? 'any');
  return m;
}

/** Lookup tables for walking the graph. Assumes a definition that passed validation. */
export interface DefinitionGraph {
  byId: Map<string, NodeDef>;
  outgoing: Map<string, EdgeDef[]>;
  incoming: Map<string, EdgeDef[]>;
  startId: string;
  /** join id → its split id */
  splitOfJoin: Map<string, string>;
  /** For each node, the parallel splits whose region contains it, outermost first. */
  regionsOf: Map<string, string[]>;
  /** Every node reachable from the key (excluding itself). */
  downstream: Map<string, Set<string>>;
}

export function analyseDefinition(def: Pick<ProcessDefinitionBody, 'nodes' | 'edges'>): DefinitionGraph {
  const byId = new Map<string, NodeDef>();
  const outgoing = new Map<string, EdgeDef[]>();
  const incoming = new Map<string, EdgeDef[]>();
  for (const n of def.nodes) {
    byId.set(n.id, n);
    outgoing.set(n.id, []);
    incoming.set(n.id, []);
  }
  for (const e of def.edges) {
    outgoing.get(e.from)?.push(e);
    incoming.get(e.to)?.push(e);
  }
  const startId = def.nodes.find((n) => n.kind === 'start')?.id ?? '';
  const downstream = new Map<string, Set<string>>();
  for (const n of def.nodes) {
    const seen = new Set<string>();
    const stack = (outgoing.get(n.id) ?? []).map((e) => e.to);
    while (stack.length) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      for (const e of outgoing.get(x) ?? []) stack.push(e.to);
    }
    downstream.set(n.id, seen);
  }
  const splitOfJoin = new Map<string, string>();
  const regionSets = new Map<string, Set<string>>();
  for (const n of def.nodes) {
    if (n.kind !== 'parallelSplit') continue;
    splitOfJoin.set(n.join, n.id);
    regionSets.set(n.id, regionOf(n.id, n.join, outgoing));
  }
  const regionsOf = new Map<string, string[]>();
  for (const n of def.nodes) {
    const containing = [...regionSets].filter(([, set]) => set.has(n.id)).map(([s]) => s);
    containing.sort((a, b) => regionSets.get(b)!.size - regionSets.get(a)!.size);
    regionsOf.set(n.id, containing);
  }
  return { byId, outgoing, incoming, startId, splitOfJoin, regionsOf, downstream };
}

/** Nodes strictly between a split and its join. */
function regionOf(splitId: string, joinId: string, outgoing: Map<string, EdgeDef[]>): Set<string> {
  const seen = new Set<string>();
  const stack = (outgoing.get(splitId) ?? []).map((e) => e.to);
  while (stack.length) {
    const x = stack.pop()!;
    if (x === joinId || seen.has(x)) continue;
    seen.add(x);
    for (const e of outgoing.get(x) ?? []) stack.push(e.to);
  }
  return seen;
}

/**
 * Publish-time validation. Checks: key/name/kind; form fields; node ids and kinds; exactly one start
 * and at least one end; no dangling edge (both ends exist) and no dangling node (every node is
 * reachable from start); the graph is acyclic and an end is reachable from every node; out-degree
 * per kind; conditions only on condition nodes, each parses and uses known fields, exactly one
 * default; approver rules well-formed; every parallel split has its matching join that every branch
 * reaches, branches do not merge before the join and nothing enters a branch from outside.
 */
export function validateDefinition(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (!input || typeof input !== 'object') return [{ field: '', message: '流程定义必须是对象' }];
  const def = input as Partial<ProcessDefinitionBody>;

  if (typeof def.key !== 'string' || !KEY.test(def.key)) err('key', '流程标识须为小写字母开头的字母、数字或连字符（2–64 位）');
  if (typeof def.name !== 'string' || !def.name.trim()) err('name', '流程名称不能为空');
  if (typeof def.kind !== 'string' || !def.kind.trim()) err('kind', '流程类别不能为空');

  const formFields = Array.isArray(def.formFields) ? def.formFields : [];
  if (!Array.isArray(def.formFields)) err('formFields', '表单字段必须是数组');
  const fieldNames = new Set<string>();
  formFields.forEach((f, i) => {
    const at = `formFields[${i}]`;
    if (!f || typeof f !== 'object') {
      err(at, '表单字段必须是对象');
      return;
    }
    if (typeof f.name !== 'string' || !FIELD_NAME.test(f.name) || RESERVED.has(f.name)) err(`${at}.name`, '字段名不合法');
    else if (fieldNames.has(f.name)) err(`${at}.name`, `字段名 “${f.name}” 重复`);
    else fieldNames.add(f.name);
    if (typeof f.label !== 'string' || !f.label.trim()) err(`${at}.label`, '字段标题不能为空');
    if (!(f.type in FIELD_VALUE_TYPE)) err(`${at}.type`, '字段类型不合法');
    if (f.type === 'enum' && !(Array.isArray(f.options) && f.options.length > 0 && f.options.every((o) => typeof o === 'string'))) {
      err(`${at}.options`, '枚举字段须提供选项');
    }
    if (f.type in FIELD_VALUE_TYPE) checkFieldConstraints(f, at, formFields, err);
  });

  if (!Array.isArray(def.nodes) || def.nodes.length === 0) {
    err('nodes', '流程须包含节点');
    return errors;
  }
  if (!Array.isArray(def.edges)) {
    err('edges', '连线必须是数组');
    return errors;
  }
  const nodes = def.nodes;
  const edges = def.edges;

  const ids = new Map<string, number>();
  nodes.forEach((n, i) => {
    const at = `nodes[${i}]`;
    if (!n || typeof n !== 'object') {
      err(at, '节点必须是对象');
      return;
    }
    if (typeof n.id !== 'string' || !NODE_ID.test(n.id)) err(`${at}.id`, '节点标识只能包含字母、数字、下划线和连字符');
    else if (ids.has(n.id)) err(`${at}.id`, `节点标识 “${n.id}” 重复`);
    else ids.set(n.id, i);
    if (typeof n.name !== 'string' || !n.name.trim()) err(`${at}.name`, '节点名称不能为空');
    if (!NODE_KINDS.includes(n.kind)) {
      err(`${at}.kind`, `未知的节点类型 “${String(n.kind)}”`);
      return;
    }
    if (isHumanNode(n)) {
      if (!Array.isArray(n.approvers) || n.approvers.length === 0) err(`${at}.approvers`, '审批节点须设置审批人规则');
      else n.approvers.forEach((r, j) => checkApproverRule(r).forEach((m) => err(`${at}.approvers[${j}]`, m)));
      if (n.timeLimitDays !== undefined && !(typeof n.timeLimitDays === 'number' && n.timeLimitDays > 0 && n.timeLimitDays <= 365)) {
        err(`${at}.timeLimitDays`, '办理时限须为 0–365 之间的工作日数');
      }
      if (n.escalateTo !== undefined) {
        if (!Array.isArray(n.escalateTo)) err(`${at}.escalateTo`, '督办人规则必须是数组');
        else n.escalateTo.forEach((r, j) => checkApproverRule(r).forEach((m) => err(`${at}.escalateTo[${j}]`, m)));
      }
      if (n.kind === 'countersign' && n.mode !== 'sequential' && n.mode !== 'parallel')
        err(`${at}.mode`, '会签方式须为 sequential 或 parallel');
    }
    if (n.kind === 'cc') {
      if (!Array.isArray(n.recipients) || n.recipients.length === 0) err(`${at}.recipients`, '传阅节点须设置传阅人规则');
      else n.recipients.forEach((r, j) => checkApproverRule(r).forEach((m) => err(`${at}.recipients[${j}]`, m)));
    }
  });
  void APPROVER_RULE_TYPES;

  const starts = nodes.filter((n) => n?.kind === 'start');
  if (starts.length !== 1) err('nodes', `流程须有且只有一个开始节点（现有 ${starts.length} 个）`);
  if (!nodes.some((n) => n?.kind === 'end')) err('nodes', '流程须至少有一个结束节点');

  const edgeKeys = new Set<string>();
  edges.forEach((e, i) => {
    const at = `edges[${i}]`;
    if (!e || typeof e !== 'object') {
      err(at, '连线必须是对象');
      return;
    }
    if (!ids.has(e.from)) err(`${at}.from`, `连线起点 “${String(e.from)}” 不存在`);
    if (!ids.has(e.to)) err(`${at}.to`, `连线终点 “${String(e.to)}” 不存在`);
    if (e.from === e.to) err(at, '连线不能指向自身');
    const k = `${e.from}→${e.to}`;
    if (edgeKeys.has(k)) err(at, '重复的连线');
    edgeKeys.add(k);
  });
  if (errors.length) return errors; // the graph checks below need sound ids and edges

  const g = analyseDefinition({ nodes, edges });
  const known = knownIdentifiers({ formFields });

  // per-kind degrees and conditions
  nodes.forEach((n, i) => {
    const at = `nodes[${i}]`;
    const out = g.outgoing.get(n.id)!;
    const inc = g.incoming.get(n.id)!;
    if (n.kind === 'start' && inc.length > 0) err(at, '开始节点不能有进入的连线');
    if (n.kind !== 'start' && inc.length === 0) err(at, `节点 “${n.name}” 没有进入的连线`);
    if (n.kind === 'end' && out.length > 0) err(at, '结束节点不能有流出的连线');
    if (n.kind === 'parallelSplit' && out.length < 2) err(at, '并行分支须至少有两条流出的连线');
    if (n.kind === 'condition') {
      const defaults = out.filter((e) => e.isDefault === true);
      if (defaults.length !== 1) err(at, '条件节点须有且只有一条默认分支');
      if (out.filter((e) => !e.isDefault).length === 0) err(at, '条件节点须至少有一条条件分支');
    } else if (n.kind !== 'end' && n.kind !== 'parallelSplit' && out.length !== 1) {
      err(at, `节点 “${n.name}” 须有且只有一条流出的连线`);
    }
  });
  edges.forEach((e, i) => {
    const at = `edges[${i}]`;
    const from = g.byId.get(e.from)!;
    if (from.kind !== 'condition') {
      if (e.condition !== undefined || e.isDefault !== undefined) err(at, '只有条件节点的连线可以带条件');
      return;
    }
    if (e.isDefault === true) {
      if (e.condition !== undefined) err(`${at}.condition`, '默认分支不能带条件');
      return;
    }
    if (typeof e.condition !== 'string' || !e.condition.trim()) {
      err(`${at}.condition`, '条件分支须填写条件表达式');
      return;
    }
    for (const m of checkExpression(e.condition, known)) err(`${at}.condition`, m);
  });

  // acyclic (Kahn)
  const indeg = new Map(nodes.map((n) => [n.id, g.incoming.get(n.id)!.length]));
  const queue = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  let visited = 0;
  while (queue.length) {
    const x = queue.shift()!;
    visited++;
    for (const e of g.outgoing.get(x)!) {
      indeg.set(e.to, indeg.get(e.to)! - 1);
      if (indeg.get(e.to) === 0) queue.push(e.to);
    }
  }
  if (visited !== nodes.length) err('edges', '流程图不能有环（需要返工时请使用“退回”）');

  // reachability
  if (starts.length === 1) {
    const fromStart = g.downstream.get(starts[0].id)!;
    nodes.forEach((n, i) => {
      if (n.kind !== 'start' && !fromStart.has(n.id)) err(`nodes[${i}]`, `节点 “${n.name}” 无法从开始节点到达`);
    });
  }
  nodes.forEach((n, i) => {
    if (n.kind === 'end') return;
    const reach = g.downstream.get(n.id)!;
    if (![...reach].some((x) => g.byId.get(x)!.kind === 'end')) err(`nodes[${i}]`, `从节点 “${n.name}” 无法到达结束节点`);
  });

  // parallel split / join pairing
  const joinsUsed = new Map<string, string>();
  nodes.forEach((n, i) => {
    if (n.kind !== 'parallelSplit') return;
    const at = `nodes[${i}]`;
    const join = g.byId.get(n.join);
    if (!join || join.kind !== 'parallelJoin') {
      err(`${at}.join`, `并行分支 “${n.name}” 须指定对应的汇聚节点`);
      return;
    }
    if (joinsUsed.has(n.join)) {
      err(`${at}.join`, `汇聚节点 “${join.name}” 已被其他并行分支使用`);
      return;
    }
    joinsUsed.set(n.join, n.id);
    const branches = g.outgoing.get(n.id)!.map((e) => {
      const set = new Set<string>();
      const stack = [e.to];
      let reachesJoin = false;
      let reachesEnd = false;
      while (stack.length) {
        const x = stack.pop()!;
        if (x === n.join) {
          reachesJoin = true;
          continue;
        }
        if (set.has(x)) continue;
        set.add(x);
        if (g.byId.get(x)!.kind === 'end') {
          reachesEnd = true;
          continue;
        }
        for (const o of g.outgoing.get(x)!) stack.push(o.to);
      }
      return { set, reachesJoin, reachesEnd };
    });
    if (branches.some((b) => !b.reachesJoin || b.reachesEnd))
      err(at, `并行分支 “${n.name}” 的每条分支都须在汇聚节点 “${join.name}” 合并后才能结束`);
    const seen = new Map<string, number>();
    branches.forEach((b, bi) => {
      for (const x of b.set) {
        if (seen.has(x) && seen.get(x) !== bi) err(at, `并行分支 “${n.name}” 的分支在节点 “${g.byId.get(x)!.name}” 提前合并，须经汇聚节点`);
        seen.set(x, bi);
      }
    });
    const region = new Set(branches.flatMap((b) => [...b.set]));
    for (const x of region) {
      for (const e of g.incoming.get(x)!) {
        if (e.from !== n.id && !region.has(e.from)) err(at, `节点 “${g.byId.get(x)!.name}” 从并行分支之外进入分支内部`);
      }
    }
  });
  nodes.forEach((n, i) => {
    if (n.kind === 'parallelJoin' && !joinsUsed.has(n.id)) err(`nodes[${i}]`, `汇聚节点 “${n.name}” 没有对应的并行分支`);
  });

  // de-duplicate identical messages (a bad branch is reported once)
  const uniq = new Map<string, FieldError>();
  for (const e of errors) uniq.set(`${e.field}|${e.message}`, e);
  return [...uniq.values()];
}

/** Node id → resolved user ids; `escalation:<nodeId>` for the escalation recipients. */
export type Assignments = Record<string, string[]>;

/**
 * Resolves every approver, cc and escalation rule of the definition for this applicant (done by the
 * handler before StartProcess / Resubmit; see approvers.ts for why).
 */
export async function resolveAssignments(
  def: Pick<ProcessDefinitionBody, 'nodes'>,
  ctx: { applicant: ApplicantSnapshot; drafterId: string },
  org: OrgDirectory,
): Promise<Assignments> {
  const out: Assignments = {};
  for (const n of def.nodes) {
    if (isHumanNode(n)) {
      out[n.id] = await resolveRules(n.approvers, ctx, org);
      if (n.escalateTo?.length) out[`escalation:${n.id}`] = await resolveRules(n.escalateTo, ctx, org);
    } else if (n.kind === 'cc') {
      out[n.id] = await resolveRules(n.recipients, ctx, org);
    }
  }
  return out;
}

const fmt = (f: FormField, n: number): string => (f.type === 'money' ? `${(n / 100).toFixed(2)} 元` : String(n));

/**
 * Checks a submitted form against the definition's fields and their constraints (type, required,
 * min/max, length, pattern, date order, required-if). Each error names `form.<field>` and says, in
 * Chinese, the label and the rule broken.
 */
export function validateForm(fields: readonly FormField[], form: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!form || typeof form !== 'object' || Array.isArray(form)) return [{ field: 'form', message: '表单必须是对象' }];
  const f = form as Record<string, unknown>;
  const names = new Set(fields.map((x) => x.name));
  for (const k of Object.keys(f)) if (!names.has(k)) errors.push({ field: `form.${k}`, message: `未知的表单字段 “${k}”` });
  const valueOf = (name: string): unknown => (Object.prototype.hasOwnProperty.call(f, name) ? f[name] : undefined);
  const empty = (v: unknown) => v === undefined || v === null || v === '';
  const bad = new Set<string>();
  for (const field of fields) {
    const v = valueOf(field.name);
    const at = `form.${field.name}`;
    const push = (message: string) => {
      errors.push({ field: at, message });
      bad.add(field.name);
    };
    if (empty(v)) {
      if (field.required) push(`请填写“${field.label}”`);
      else if (field.requiredIf && valueOf(field.requiredIf.field) === field.requiredIf.equals) {
        const other = fields.find((x) => x.name === field.requiredIf!.field);
        push(`“${other?.label ?? field.requiredIf.field}”为“${String(field.requiredIf.equals)}”时须填写“${field.label}”`);
      }
      continue;
    }
    switch (field.type) {
      case 'string':
      case 'text':
        if (typeof v !== 'string') push(`“${field.label}”须为文本`);
        else if (v.length > TEXT_LIMIT[field.type]) push(`“${field.label}”过长`);
        else if (field.minLength !== undefined && v.length < field.minLength) push(`“${field.label}”不能少于 ${field.minLength} 个字`);
        else if (field.maxLength !== undefined && v.length > field.maxLength) push(`“${field.label}”不能超过 ${field.maxLength} 个字`);
        else if (field.pattern !== undefined && !compilePattern(field.pattern)?.test(v)) push(`“${field.label}”格式不正确`);
        break;
      case 'number':
      case 'money':
        if (typeof v !== 'number' || !Number.isFinite(v)) push(`“${field.label}”须为数字`);
        else if (field.type === 'money' && (!Number.isSafeInteger(v) || v < 0)) push(`“${field.label}”须为以分计的非负整数`);
        else if (field.min !== undefined && v < field.min) push(`“${field.label}”不能小于 ${fmt(field, field.min)}`);
        else if (field.max !== undefined && v > field.max) push(`“${field.label}”不能大于 ${fmt(field, field.max)}`);
        break;
      case 'boolean':
        if (typeof v !== 'boolean') push(`“${field.label}”须为是/否`);
        break;
      case 'date':
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(v) || Number.isNaN(Date.parse(v)))
          push(`“${field.label}”须为日期`);
        break;
      case 'enum':
        if (typeof v !== 'string' || !(field.options ?? []).includes(v)) push(`“${field.label}”的取值不在选项中`);
        break;
      case 'rank':
        if (!isRank(v)) push(`“${field.label}”须为职务级别`);
        break;
    }
  }
  // date order, once both dates are valid on their own
  for (const field of fields) {
    if (field.type !== 'date' || !field.notBefore || bad.has(field.name) || bad.has(field.notBefore)) continue;
    const v = valueOf(field.name);
    const before = valueOf(field.notBefore);
    if (empty(v) || empty(before)) continue;
    if (Date.parse(v as string) < Date.parse(before as string)) {
      const other = fields.find((x) => x.name === field.notBefore);
      errors.push({ field: `form.${field.name}`, message: `“${field.label}”不能早于“${other?.label ?? field.notBefore}”` });
    }
  }
  return errors;
}

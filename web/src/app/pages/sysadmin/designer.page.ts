import { NgTemplateOutlet } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { problemMessage, toProblem } from '../../core/problem';
import { formatTime } from '../../core/time';
import {
  Branch,
  Design,
  DefinitionOut,
  HumanKind,
  HumanStep,
  Step,
  VersionDiffLine,
  compile,
  decompile,
  diffVersions,
  emptyDesign,
  locate,
  newBlock,
  newHuman,
  newRule,
  uid,
} from './designer-model';

interface DesignRow {
  key: string;
  name: string;
  kind: string;
  latestVersion: number;
  retired: boolean;
  startedByModule: boolean;
  publishedAt: string;
}

const KINDS: [string, string][] = [
  ['approval', '审批'],
  ['countersign', '会签'],
  ['anyOf', '或签'],
  ['cc', '传阅'],
];
const RULES: [string, string][] = [
  ['departmentLeader', '发起人部门负责人'],
  ['leaderChain', '逐级领导'],
  ['role', '角色'],
  ['person', '指定人员'],
  ['position', '岗位'],
  ['drafter', '发起人本人'],
];
const FIELD_TYPES: [string, string][] = [
  ['string', '单行文本'],
  ['text', '多行文本'],
  ['number', '数字'],
  ['money', '金额（分）'],
  ['date', '日期'],
  ['boolean', '是/否'],
  ['enum', '单选'],
  ['rank', '职级'],
];

/**
 * 流程设计器 (系统管理员, workflow.define): steps top to bottom — 审批 / 会签 (依次 or 同时) / 或签 / 传阅,
 * 条件分支 on form fields, 并行分支 — with approver rules and time limits, the form as a field list;
 * validated by the server on publish with the errors shown on the steps; versions with a diff. A published
 * flow is startable from the workbench at once; running instances keep their version.
 */
@Component({
  selector: 'oa-sys-designer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, NgTemplateOutlet],
  template: `
    <div class="layout">
      <section class="card list">
        <h2>流程定义 <button class="btn small primary" type="button" (click)="create()" data-testid="designer-new">新建流程</button></h2>
        <ul>
          @for (d of designs(); track d.key) {
            <li>
              <button type="button" class="lnk" (click)="edit(d.key)" [class.on]="design().key === d.key && !isNew()">{{ d.name }}</button>
              <span class="muted small">v{{ d.latestVersion }}{{ d.retired ? ' · 已停用' : '' }}{{ d.startedByModule ? ' · 业务模块发起' : '' }}</span>
            </li>
          }
        </ul>
      </section>
      <section class="card editor" data-testid="designer">
        <h2>{{ isNew() ? '新建流程' : '编辑流程（发布为新版本）' }}</h2>
        @if (notice()) { <div class="notice" role="status" data-testid="designer-notice">{{ notice() }}</div> }
        @if (error()) { <div class="alert" role="alert" data-testid="designer-error">{{ error() }}</div> }
        @for (m of errs()['']; track $index) { <div class="err">{{ m }}</div> }
        <div class="meta">
          <label>流程标识<input class="input" name="key" [(ngModel)]="design().key" [disabled]="!isNew()" placeholder="如 purchase（小写字母、数字、-）" data-testid="designer-key" /></label>
          <label>流程名称<input class="input" name="name" [(ngModel)]="design().name" placeholder="如 采购申请" data-testid="designer-name" /></label>
          <label>业务类别<input class="input" name="kind" [(ngModel)]="design().kind" placeholder="如 采购" /></label>
          <label class="wide">说明<input class="input" name="desc" [(ngModel)]="design().description" /></label>
        </div>

        <h3>表单字段</h3>
        @for (m of errs()['fields']; track $index) { <div class="err">{{ m }}</div> }
        <div class="fields">
          @for (f of design().fields; track $index; let i = $index) {
            <div class="frow" data-testid="designer-field">
              <input class="input" [(ngModel)]="f.name" placeholder="字段名（英文，条件中使用）" aria-label="字段名" />
              <input class="input" [(ngModel)]="f.label" placeholder="显示名称" aria-label="显示名称" />
              <select class="input" [(ngModel)]="f.type" aria-label="类型">@for (t of fieldTypes; track t[0]) { <option [value]="t[0]">{{ t[1] }}</option> }</select>
              @if (f.type === 'enum') { <input class="input" [(ngModel)]="f.options" placeholder="选项，逗号分隔" aria-label="选项" /> }
              <label class="chk"><input type="checkbox" [(ngModel)]="f.required" /> 必填</label>
              <button class="btn small" type="button" (click)="design().fields.splice(i, 1)" aria-label="删除字段">删除</button>
            </div>
          }
          <button class="btn small" type="button" (click)="addField()" data-testid="designer-add-field">+ 添加字段</button>
        </div>

        <h3>流程</h3>
        <div class="flow">
          <div class="node start">发起人提交</div>
          <ng-container *ngTemplateOutlet="stepsTpl; context: { $implicit: design().steps }" />
          <div class="node end">结束</div>
        </div>

        <div class="acts">
          <button class="btn primary" type="button" (click)="publish()" [disabled]="busy()" data-testid="designer-publish">{{ busy() ? '正在发布…' : '校验并发布' }}</button>
        </div>

        @if (versions().length > 1) {
          <h3>版本比较</h3>
          <div class="vs">
            <select class="input" [(ngModel)]="va" aria-label="旧版本">@for (v of versions(); track v.version) { <option [ngValue]="v.version">v{{ v.version }}</option> }</select>
            →
            <select class="input" [(ngModel)]="vb" aria-label="新版本">@for (v of versions(); track v.version) { <option [ngValue]="v.version">v{{ v.version }}</option> }</select>
            <button class="btn small" type="button" (click)="compare()" data-testid="designer-compare">比较</button>
          </div>
          <ul class="vdiff" data-testid="designer-diff">
            @for (l of vdiff(); track $index) { <li><span class="badge">{{ l.change }}</span> {{ l.what }} <div class="muted small">{{ l.detail }}</div></li> }
          </ul>
        }
      </section>
    </div>

    <ng-template #stepsTpl let-steps>
      @for (s of asSteps(steps); track s.uid; let i = $index) {
        <div class="arrow">↓</div>
        <div class="node" [class.bad]="errs()[s.uid]" [attr.data-kind]="s.kind" data-testid="designer-step">
          @if (s.kind === 'condition' || s.kind === 'parallel') {
            <div class="nhead"><input class="input nm" [(ngModel)]="s.name" aria-label="节点名称" />
              <button class="btn small" type="button" (click)="addBranch(s)">+ 分支</button>
              <button class="btn small" type="button" (click)="steps.splice(i, 1)">删除</button></div>
            @for (m of errs()[s.uid]; track $index) { <div class="err">{{ m }}</div> }
            <div class="branches">
              @for (b of branchesOf(s); track b.uid; let j = $index) {
                <div class="branch" [class.bad]="errs()[b.uid]" data-testid="designer-branch">
                  <div class="bhead">
                    <input class="input" [(ngModel)]="b.name" aria-label="分支名称" />
                    @if (s.kind === 'condition') {
                      <label class="chk"><input type="checkbox" [(ngModel)]="b.isDefault" /> 其他情况</label>
                      @if (!b.isDefault) { <input class="input" [(ngModel)]="b.condition" placeholder="条件，如 amount > 500000" aria-label="条件" data-testid="designer-condition" /> }
                    }
                    <button class="btn small" type="button" (click)="branchesOf(s).splice(j, 1)" aria-label="删除分支">×</button>
                  </div>
                  @for (m of errs()[b.uid]; track $index) { <div class="err">{{ m }}</div> }
                  <ng-container *ngTemplateOutlet="stepsTpl; context: { $implicit: b.steps }" />
                  <ng-container *ngTemplateOutlet="addTpl; context: { $implicit: b.steps }" />
                </div>
              }
            </div>
          } @else {
            @let h = hs(s);
            <div class="nhead">
              <select class="input" [(ngModel)]="h.kind" aria-label="节点类型" data-testid="designer-kind">@for (k of kinds; track k[0]) { <option [value]="k[0]">{{ k[1] }}</option> }</select>
              <input class="input nm" [(ngModel)]="h.name" aria-label="节点名称" data-testid="designer-step-name" />
              <button class="btn small" type="button" (click)="steps.splice(i, 1)">删除</button>
            </div>
            @if (h.kind === 'countersign') {
              <label>会签方式 <select class="input" [(ngModel)]="h.mode" aria-label="会签方式"><option value="parallel">同时会签（全部同意）</option><option value="sequential">依次会签</option></select></label>
            }
            @for (r of h.rules; track $index; let k = $index) {
              <div class="rule">
                <select class="input" [(ngModel)]="r.type" aria-label="审批人规则" data-testid="designer-rule">@for (t of ruleTypes; track t[0]) { <option [value]="t[0]">{{ t[1] }}</option> }</select>
                @if (r.type === 'person') { <input class="input" [(ngModel)]="r.userIds" placeholder="用户标识，逗号分隔" aria-label="人员" data-testid="designer-rule-users" /> }
                @if (r.type === 'role') { <input class="input" [(ngModel)]="r.role" placeholder="角色，如 office_admin" aria-label="角色" data-testid="designer-rule-role" /> }
                @if (r.type === 'position') { <input class="input" [(ngModel)]="r.positionId" placeholder="岗位标识" aria-label="岗位" /> }
                @if (r.type === 'leaderChain') { <input class="input num" type="number" [(ngModel)]="r.levels" aria-label="级数" /> 级 <label class="chk"><input type="checkbox" [(ngModel)]="r.pickAll" /> 逐级全部</label> }
                @if (h.rules.length > 1) { <button class="btn small" type="button" (click)="h.rules.splice(k, 1)" aria-label="删除规则">×</button> }
              </div>
            }
            <div class="row2">
              <button class="btn small" type="button" (click)="h.rules.push(newRule())">+ 审批人规则</button>
              @if (h.kind !== 'cc') { <label>时限 <input class="input num" type="number" [(ngModel)]="h.timeLimitDays" aria-label="办理时限（工作日）" /> 个工作日</label> }
            </div>
            @for (m of errs()[s.uid]; track $index) { <div class="err" data-testid="designer-step-error">{{ m }}</div> }
          }
        </div>
      }
      @if (steps === design().steps) { <ng-container *ngTemplateOutlet="addTpl; context: { $implicit: steps }" /> }
    </ng-template>

    <ng-template #addTpl let-steps>
      <div class="add">
        <span class="muted small">添加：</span>
        @for (k of kinds; track k[0]) { <button class="btn small" type="button" (click)="steps.push(human(k[0]))" [attr.data-testid]="'add-' + k[0]">{{ k[1] }}</button> }
        <button class="btn small" type="button" (click)="steps.push(block('condition'))" data-testid="add-condition">条件分支</button>
        <button class="btn small" type="button" (click)="steps.push(block('parallel'))" data-testid="add-parallel">并行分支</button>
      </div>
    </ng-template>
  `,
  styles: `
    .layout { display: grid; grid-template-columns: 240px 1fr; gap: 12px; align-items: start; }
    h2 { display: flex; justify-content: space-between; align-items: center; gap: 6px; }
    .list ul { list-style: none; margin: 0; padding: 0; }
    .list li { padding: 6px 0; border-bottom: 1px solid var(--oa-border); }
    .lnk { background: none; border: 0; padding: 0; color: var(--oa-blue); cursor: pointer; text-align: left; }
    .lnk.on { font-weight: 600; color: var(--oa-red); }
    .meta { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
    .meta label, .meta .wide { display: grid; gap: 2px; font-size: 13px; }
    .meta .wide { grid-column: 1 / -1; }
    .fields { display: grid; gap: 6px; margin-bottom: 12px; }
    .frow { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
    .frow .input { flex: 1; min-width: 110px; }
    .flow { display: flex; flex-direction: column; align-items: stretch; gap: 0; }
    .node { border: 1px solid var(--oa-border); border-left: 4px solid var(--oa-blue); border-radius: var(--oa-radius); padding: 8px; background: #fff; display: grid; gap: 6px; }
    .node.start, .node.end { text-align: center; border-left-color: var(--oa-muted); color: var(--oa-muted); }
    .node[data-kind='condition'] { border-left-color: var(--oa-warn); }
    .node[data-kind='parallel'] { border-left-color: var(--oa-ok); }
    .node[data-kind='cc'] { border-left-color: #8a6bb8; }
    .node.bad, .branch.bad { border-color: var(--oa-danger); }
    .arrow { text-align: center; color: var(--oa-muted); line-height: 1.2; }
    .nhead, .rule, .row2, .bhead, .add, .vs { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
    .nm { flex: 1; min-width: 120px; }
    .num { width: 70px; }
    .branches { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(240px, 1fr); gap: 8px; overflow-x: auto; }
    .branch { border: 1px dashed var(--oa-border); border-radius: var(--oa-radius); padding: 6px; display: flex; flex-direction: column; }
    .chk { display: inline-flex; gap: 4px; align-items: center; white-space: nowrap; font-size: 13px; }
    .err { color: var(--oa-danger); font-size: 12px; }
    .notice { color: var(--oa-ok); } .small { font-size: 12px; font-weight: normal; }
    .acts { margin-top: 12px; }
    .vdiff { list-style: none; padding: 0; } .vdiff li { border-bottom: 1px solid var(--oa-border); padding: 4px 0; overflow-wrap: anywhere; }
    @media (max-width: 760px) { .layout { grid-template-columns: 1fr; } .meta { grid-template-columns: 1fr; } .branches { grid-auto-flow: row; } }
  `,
})
export class DesignerPage {
  private readonly http = inject(HttpClient);
  readonly kinds = KINDS;
  readonly ruleTypes = RULES;
  readonly fieldTypes = FIELD_TYPES;
  readonly designs = signal<DesignRow[]>([]);
  readonly design = signal<Design>(emptyDesign());
  readonly isNew = signal(true);
  readonly errs = signal<Record<string, string[]>>({});
  readonly error = signal('');
  readonly notice = signal('');
  readonly busy = signal(false);
  readonly versions = signal<(DefinitionOut & { version: number })[]>([]);
  readonly vdiff = signal<VersionDiffLine[]>([]);
  va = 0;
  vb = 0;
  newRule = () => newRule();
  human = (k: string) => newHuman(k as HumanKind);
  block = (k: 'condition' | 'parallel') => newBlock(k);
  asSteps = (x: unknown) => x as Step[];
  hs = (s: Step) => s as HumanStep;
  branchesOf = (s: Step): Branch[] => ('branches' in s ? s.branches : []);
  time = formatTime;

  constructor() {
    void this.loadList();
  }
  private async loadList(): Promise<void> {
    try {
      this.designs.set((await firstValueFrom(this.http.get<{ items: DesignRow[] }>('/api/workflow/designs'))).items);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  create(): void {
    this.design.set(emptyDesign());
    this.isNew.set(true);
    this.versions.set([]);
    this.errs.set({});
    this.notice.set('');
    this.error.set('');
  }
  async edit(key: string): Promise<void> {
    this.error.set('');
    this.notice.set('');
    this.errs.set({});
    try {
      const r = await firstValueFrom(
        this.http.get<{ versions: (DefinitionOut & { version: number })[] }>(`/api/workflow/designs/${encodeURIComponent(key)}`),
      );
      this.versions.set(r.versions);
      const latest = r.versions[r.versions.length - 1]!;
      this.va = r.versions[Math.max(0, r.versions.length - 2)]!.version;
      this.vb = latest.version;
      this.vdiff.set([]);
      const d = decompile(latest);
      if (!d) {
        this.error.set('该流程的结构无法在设计器中编辑（非结构化的连线），可查看版本与比较');
        return;
      }
      this.design.set(d);
      this.isNew.set(false);
    } catch (e) {
      this.error.set(problemMessage(e));
    }
  }
  addField(): void {
    this.design().fields.push({ name: '', label: '', type: 'string', required: false, options: '' });
  }
  addBranch(s: Step): void {
    if ('branches' in s)
      s.branches.push({ uid: uid('b'), name: `分支 ${s.branches.length + 1}`, condition: '', isDefault: false, steps: [] });
  }
  compare(): void {
    const a = this.versions().find((v) => v.version === this.va);
    const b = this.versions().find((v) => v.version === this.vb);
    if (a && b) this.vdiff.set(diffVersions(a, b));
  }
  async publish(): Promise<void> {
    const c = compile(this.design());
    this.busy.set(true);
    this.errs.set({});
    this.error.set('');
    this.notice.set('');
    try {
      const r = await firstValueFrom(
        this.http.post<{ key: string; version: number }>('/api/process-definitions', { definition: c.definition }),
      );
      this.notice.set(`已发布“${c.definition.name}” 第 ${r.version} 版，现在即可在工作台发起；运行中的流程仍按原版本办理`);
      await this.loadList();
      await this.edit(r.key ?? c.definition.key);
      this.notice.set(`已发布“${c.definition.name}” 第 ${r.version} 版，现在即可在工作台发起；运行中的流程仍按原版本办理`);
    } catch (e) {
      const p = toProblem(e);
      this.errs.set(locate(c, p.errors ?? []));
      this.error.set(p.errors?.length ? `流程定义有 ${p.errors.length} 处错误，已标在相应节点上` : problemMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}

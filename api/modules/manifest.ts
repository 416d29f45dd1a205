import type { Projection } from '../../projections/engine/types';
import type { InboxContribution } from '../../projections/inbox/contribution';
import type { ReactorBinding, ScheduledJobBinding } from '../../projections/reactions';
import type { FactTable } from '../../projections/warehouse/facts';
import type { FactMapper } from '../../projections/warehouse/sink';
import type { Warehouse } from '../../projections/warehouse/warehouse';
import type { ReportDefinition } from '../../reports/warehouse/definitions';
import type { RouteDef } from '../http/registry';
import type { Platform } from '../platform';

/**
 * A module's manifest: its ONLY entry into the composition root (api/bootstrap.ts folds over
 * api/modules/index.ts's list). Adding a module = new files in its folders plus one line in that list.
 * See MODULES.md for the folder and file names every module uses.
 */
export interface ModuleManifest {
  /** The bounded context's folder name in every top-level folder, e.g. 'documents', 'supervision'. */
  readonly name: string;
  /** Chinese name, for logs and the admin. */
  readonly title: string;
  /**
   * The menu entry — declared ONLY once the module's pages exist in the web app (web/src/app/core/module-pages.ts):
   * a module without pages is not in the menu at all (no 建设中 page). The user sees it when they hold one of `anyOf`.
   */
  readonly menu?: MenuEntry;
  /** Permission ids this module introduces (domain/org/permissions.ts holds the catalogue). */
  readonly permissions?: readonly string[];
  /** Route declarations (also generate /api/openapi.json). */
  routes?(p: Platform, ctx: ModuleContext): RouteDef[];
  /** Read models the projection engine runs (each with its queries, in projections/<module>/). */
  projections?(ctx: ProjectionContext): Projection[];
  /** Rows this module puts in the unified 待办/待阅 (who must act comes from its events; links to its pages). */
  readonly inbox?: readonly InboxContribution[];
  /** Warehouse facts: the tables this module adds and the mappers filling them (projections/<module>/facts or projections/warehouse). */
  readonly facts?: { tables?: readonly FactTable[]; mappers: readonly FactMapper[] };
  /** Reports declared over the warehouse (reports/<module>/). */
  readonly reports?: readonly ReportDefinition[];
  /**
   * Process definitions this module starts itself, with its own record (发文审批 from 公文 → 拟稿, 请休假 from
   * 考勤 …): never listed for 起草 on the workbench, refused by the generic start (`startFrom` says where to start
   * instead), and their form is not edited through the engine on 重新提交 (it is the module's record).
   */
  readonly ownProcesses?: readonly OwnProcess[];
  /** Reactors (when event X then command Y) bound to the command-side functions that execute their commands. */
  reactors?(p: Platform): ReactorBinding[];
  /** Scheduled work (reminders, deadlines, 催办) bound the same way. */
  jobs?(p: Platform): ScheduledJobBinding[];
  /**
   * Seeds, run through the command pipeline at start: `definitions` always (idempotent: process
   * definitions, catalogues); `demo` only when the demo district is seeded (data a new user sees).
   */
  readonly seed?: {
    definitions?(p: Platform, log: (msg: string) => void): Promise<void>;
    demo?(p: Platform, log: (msg: string) => void): Promise<void>;
  };
}

export interface OwnProcess {
  /** The process definition's key. */
  definitionKey: string;
  /** The refusal a user sees on the generic start: where this process starts instead (Chinese). */
  startFrom: string;
}

export interface MenuEntry {
  /** Route path below the shell (the web's lazy route of the same path), e.g. 'documents'. */
  path: string;
  label: string;
  /** One glyph shown as the menu icon. */
  icon: string;
  /** The user needs at least one of these permissions (empty: everyone logged in). */
  anyOf: readonly string[];
  /** Menu order (smaller first). */
  order: number;
}

/** What the composition root hands a module's projections: every module's inbox contributions (the inbox folds them). */
export interface ProjectionContext {
  inbox: readonly InboxContribution[];
}

/** What the composition root hands a module's routes besides the platform. */
export interface ModuleContext {
  /** The leadership warehouse, or null while it cannot be opened (reports answer 503). */
  warehouse: () => Warehouse | null;
  /** Definition key → where it starts: every module's `ownProcesses` (the workflow API refuses their generic start). */
  ownProcesses: ReadonlyMap<string, string>;
  /** Every module's reports (the reports module lists and runs them). */
  reports: readonly ReportDefinition[];
  /** Health of the warehouse sink, reactors and scheduled work (the health module shows them). */
  background: BackgroundStatus;
}

export interface BackgroundStatus {
  warehouse(): Promise<unknown>;
  reactions(): Promise<unknown>;
}

/** Refuses two modules of one name, two menu entries on one path, and one process definition owned twice. */
export function checkManifests(manifests: readonly ModuleManifest[]): void {
  const names = new Set<string>();
  const paths = new Set<string>();
  const owned = new Set<string>();
  for (const m of manifests) {
    for (const o of m.ownProcesses ?? []) {
      if (owned.has(o.definitionKey)) throw new Error(`process definition "${o.definitionKey}" owned by two modules`);
      owned.add(o.definitionKey);
    }
    if (!/^[a-z][a-z0-9-]*$/.test(m.name)) throw new Error(`module name "${m.name}": lower-case letters, digits and - only`);
    if (names.has(m.name)) throw new Error(`module "${m.name}" declared twice`);
    names.add(m.name);
    if (m.menu) {
      if (paths.has(m.menu.path)) throw new Error(`menu path "${m.menu.path}" declared twice`);
      paths.add(m.menu.path);
    }
  }
}

/** Definition key → where it starts, over every module's `ownProcesses`. */
export function ownProcessesOf(manifests: readonly ModuleManifest[]): ReadonlyMap<string, string> {
  return new Map(manifests.flatMap((m) => (m.ownProcesses ?? []).map((o): [string, string] => [o.definitionKey, o.startFrom])));
}

/** Every module's read models, the unified inbox built with every module's contributions. */
export function moduleProjections(manifests: readonly ModuleManifest[]): Projection[] {
  const inbox = manifests.flatMap((m) => m.inbox ?? []);
  return manifests.flatMap((m) => m.projections?.({ inbox }) ?? []);
}

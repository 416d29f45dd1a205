import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentKind } from '../../domain/documents/elements';

/**
 * 红头模板 (red-header templates), per issuer, managed by the office admin (办公室管理员).
 *
 * A template is data, not code: which names are printed as the 发文机关标志 (the document's issuers by
 * default, or a fixed 规范化简称), the word after them ('文件' by default; per 文种 when null: 函 → none,
 * 纪要 → '纪要'), the red, and the separator style under the 发文字号. Every unit has an implicit
 * default template `default:<unitId>` (issuers' names + 文件, #E60012, single line); an admin may
 * override it or add others (e.g. '区政府办公室（党组）' with a star separator). Stored as one JSON file
 * `<DATA_DIR>/documents/red-header-templates.json` ({ v:1, templates:[…] }), written atomically.
 */
export type SeparatorStyle = 'single' | 'double' | 'star';
export const SEPARATOR_STYLES: readonly SeparatorStyle[] = ['single', 'double', 'star'];

export interface RedHeaderTemplate {
  id: string;
  unitId: string;
  /** 模板名称 */
  name: string;
  /** Names printed as 发文机关标志 (stacked for 联合行文); null = the document's issuers. */
  issuerNames: string[] | null;
  /** '文件' …; '' = none; null = by 文种 (函 → '', 纪要 → '纪要', else '文件'). */
  suffix: string | null;
  /** #RRGGBB, red (GB/T 9704: 发文机关标志与分隔线为红色). */
  color: string;
  separator: SeparatorStyle;
  /** Thickness of the (main) separator line in mm. */
  separatorMm: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export const DEFAULT_RED = '#E60012';
export const defaultTemplateId = (unitId: string) => `default:${unitId}`;

export function defaultTemplate(unitId: string): RedHeaderTemplate {
  return {
    id: defaultTemplateId(unitId),
    unitId,
    name: '默认红头',
    issuerNames: null,
    suffix: null,
    color: DEFAULT_RED,
    separator: 'single',
    separatorMm: 0.75,
    updatedBy: null,
    updatedAt: null,
  };
}

export function markSuffix(t: RedHeaderTemplate, kind: DocumentKind): string {
  if (t.suffix !== null) return t.suffix;
  if (kind === '函') return '';
  if (kind === '纪要') return '纪要';
  return '文件';
}

const ID = /^[A-Za-z0-9:._-]{1,100}$/;
const COLOR = /^#[0-9A-Fa-f]{6}$/;

/** Field-addressed checks (Chinese) for an admin's template. */
export function checkTemplate(t: RedHeaderTemplate): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (!ID.test(t.id ?? '')) out.push({ field: 'id', message: '模板标识须为 1–100 位字母、数字或 :._-' });
  if (!t.unitId?.trim()) out.push({ field: 'unitId', message: '所属单位不能为空' });
  if (!t.name?.trim() || t.name.length > 50) out.push({ field: 'name', message: '模板名称须为 1–50 个字' });
  if (t.issuerNames !== null) {
    if (!Array.isArray(t.issuerNames) || t.issuerNames.length === 0 || t.issuerNames.length > 10)
      out.push({ field: 'issuerNames', message: '发文机关标志须有 1–10 个机关名称' });
    else
      t.issuerNames.forEach((n, i) => {
        if (!n?.trim() || n.length > 40) out.push({ field: `issuerNames[${i}]`, message: '机关名称须为 1–40 个字' });
      });
  }
  if (t.suffix !== null && (typeof t.suffix !== 'string' || t.suffix.length > 4))
    out.push({ field: 'suffix', message: '标志后缀不能超过 4 个字' });
  if (!COLOR.test(t.color ?? '')) out.push({ field: 'color', message: '颜色须为 #RRGGBB' });
  else {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(t.color.slice(i, i + 2), 16));
    if (!(r >= 180 && g <= 90 && b <= 90))
      out.push({ field: 'color', message: '红头颜色须为红色（GB/T 9704：发文机关标志和分隔线用红色）' });
  }
  if (!SEPARATOR_STYLES.includes(t.separator)) out.push({ field: 'separator', message: '分隔线样式须为 single、double 或 star' });
  if (!(t.separatorMm >= 0.25 && t.separatorMm <= 2)) out.push({ field: 'separatorMm', message: '分隔线粗细须在 0.25–2 毫米之间' });
  return out;
}

interface TemplateFile {
  v: 1;
  templates: RedHeaderTemplate[];
}

export class TemplateValidationError extends Error {
  constructor(readonly errors: { field: string; message: string }[]) {
    super(errors.map((e) => e.message).join('；'));
  }
}

export class RedHeaderTemplateStore {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'documents', 'red-header-templates.json');
  }

  private read(): TemplateFile {
    if (!existsSync(this.path)) return { v: 1, templates: [] };
    return JSON.parse(readFileSync(this.path, 'utf8')) as TemplateFile;
  }

  /** The unit's templates, its default first (implicit unless overridden). */
  list(unitId: string): RedHeaderTemplate[] {
    const own = this.read().templates.filter((t) => t.unitId === unitId);
    const def = own.find((t) => t.id === defaultTemplateId(unitId)) ?? defaultTemplate(unitId);
    return [def, ...own.filter((t) => t.id !== def.id)];
  }

  get(id: string): RedHeaderTemplate | null {
    const found = this.read().templates.find((t) => t.id === id);
    if (found) return found;
    return id.startsWith('default:') ? defaultTemplate(id.slice('default:'.length)) : null;
  }

  /** The template to render with: the one asked for (it must belong to the unit), else the unit's default. */
  resolve(templateId: string | null, unitId: string): RedHeaderTemplate {
    if (templateId === null) return this.get(defaultTemplateId(unitId))!;
    const t = this.get(templateId);
    if (!t || t.unitId !== unitId)
      throw new TemplateValidationError([{ field: 'templateId', message: `红头模板“${templateId}”不存在或不属于本单位` }]);
    return t;
  }

  save(t: RedHeaderTemplate, by: string, at: string): RedHeaderTemplate {
    const errors = checkTemplate(t);
    if (errors.length) throw new TemplateValidationError(errors);
    if (t.id.startsWith('default:') && t.id !== defaultTemplateId(t.unitId)) {
      throw new TemplateValidationError([{ field: 'id', message: '默认模板标识须为 default:<本单位标识>' }]);
    }
    const saved = { ...t, updatedBy: by, updatedAt: at };
    const file = this.read();
    const others = file.templates.filter((x) => x.id !== t.id);
    const existing = file.templates.find((x) => x.id === t.id);
    if (existing && existing.unitId !== t.unitId) throw new TemplateValidationError([{ field: 'id', message: '模板标识已被其他单位使用' }]);
    this.write({ v: 1, templates: [...others, saved] });
    return saved;
  }

  private write(f: TemplateFile): void {
    mkdirSync(join(this.path, '..'), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(f, null, 2)}\n`);
    renameSync(tmp, this.path);
  }
}

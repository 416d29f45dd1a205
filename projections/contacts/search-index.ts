import { mobileVisible } from '../../domain/contacts/mobile-policy';
import type { SqlClient } from '../engine/types';
import type { PersonRow, Viewer } from './queries';

/**
 * The address book's search index: the active people of ct_people held in memory, sorted once (unit,
 * department, rank high first, name), each with its lower-case search text. A search is a scan of short
 * strings (≈ 1 ms per 50,000 people) instead of a LIKE over the table; the index reloads when the
 * projection's ct_meta counter moves (an org or card change), which a search checks with one keyed read
 * (a reload longer than 250 ms completes in the background: searches meanwhile use the previous index).
 * Same rules as queries.ts searchPeople: the mobile matches only where the viewer may see it.
 */
interface Entry {
  row: PersonRow;
  text: string;
}

export class PeopleIndex {
  private version = -1;
  private entries: Entry[] = [];
  /** Every entry's text joined by '\n' (the texts hold none), and where each starts: a search is one indexOf walk. */
  private joined = '';
  private starts: number[] = [];
  private mobiles = '';
  private mobileStarts: number[] = [];
  private byDepartment = new Map<string, number[]>();
  private byUnit = new Map<string, number[]>();
  private loading: Promise<void> | null = null;

  constructor(private readonly db: SqlClient) {}

  private async fresh(): Promise<void> {
    const v = Number((await this.db.get<{ v: number | string }>(`SELECT v FROM ct_meta WHERE k = 'directory'`))?.v ?? 0);
    if (v === this.version) return;
    if (!this.loading) {
      const loading = this.load(v).finally(() => (this.loading = null));
      loading.catch(() => undefined); // a background reload that fails is retried by the next search
      this.loading = loading;
    }
    // The first load is awaited. Afterwards a change (someone's card, a transfer) is awaited for up to
    // STALE_WAIT_MS; a longer reload (tens of thousands of people on a busy machine) finishes in the
    // background while searches keep answering from the previous index for that moment.
    if (this.version < 0) return this.loading;
    await Promise.race([this.loading.catch(() => undefined), new Promise((r) => setTimeout(r, PeopleIndex.STALE_WAIT_MS))]);
  }

  static STALE_WAIT_MS = 250;

  private async load(v: number): Promise<void> {
    const rows = await this.db.all<{
      user_id: string;
      name: string;
      initials: string;
      unit_id: string;
      unit_name: string | null;
      department_id: string;
      department_name: string | null;
      title: string;
      office_phone: string | null;
      mobile: string | null;
      email: string | null;
      room: string | null;
      search_text: string;
    }>(
      `SELECT p.user_id, p.name, p.initials, p.unit_id, u.name AS unit_name, p.department_id, d.name AS department_name, p.title, p.office_phone,
         p.mobile, p.email, p.room, p.search_text
       FROM ct_people p LEFT JOIN ct_units u ON u.id = p.unit_id LEFT JOIN ct_departments d ON d.id = p.department_id
       WHERE p.status = 'active' ORDER BY p.unit_id, p.department_id, p.rank_order DESC, p.name, p.user_id`,
    );
    this.entries = rows.map((r) => ({
      text: r.search_text,
      row: {
        userId: r.user_id,
        name: r.name,
        initials: r.initials,
        unitId: r.unit_id,
        unitName: r.unit_name,
        departmentId: r.department_id,
        departmentName: r.department_name,
        title: r.title,
        officePhone: r.office_phone,
        mobile: r.mobile,
        email: r.email,
        room: r.room,
      },
    }));
    const starts: number[] = [];
    const mobileStarts: number[] = [];
    let at = 0;
    let mat = 0;
    this.byDepartment = new Map();
    this.byUnit = new Map();
    this.entries.forEach((e, i) => {
      starts.push(at);
      at += e.text.length + 1;
      mobileStarts.push(mat);
      mat += (e.row.mobile ?? '').length + 1;
      const d = this.byDepartment.get(e.row.departmentId) ?? [];
      d.push(i);
      this.byDepartment.set(e.row.departmentId, d);
      const u = this.byUnit.get(e.row.unitId) ?? [];
      u.push(i);
      this.byUnit.set(e.row.unitId, u);
    });
    this.joined = this.entries.map((e) => e.text.replace(/\n/g, ' ')).join('\n');
    this.starts = starts;
    this.mobiles = this.entries.map((e) => e.row.mobile ?? '').join('\n');
    this.mobileStarts = mobileStarts;
    this.version = v;
  }

  /** Indexes of the entries whose text (joined at `starts`) contains q, in entry order. */
  private static hits(joined: string, starts: number[], q: string): number[] {
    const out: number[] = [];
    let from = 0;
    for (;;) {
      const at = joined.indexOf(q, from);
      if (at < 0) return out;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= at) lo = mid;
        else hi = mid - 1;
      }
      out.push(lo);
      from = lo + 1 < starts.length ? starts[lo + 1] : joined.length; // next entry
    }
  }

  async search(
    f: { q?: string; unitId?: string; departmentIds?: string[]; page: number; pageSize: number },
    viewer: Viewer,
  ): Promise<{ items: PersonRow[]; total: number }> {
    await this.fresh();
    const q = f.q?.trim().toLowerCase() ?? '';
    const digits = /^\d{3,}$/.test(q);
    const depts = f.departmentIds?.length ? new Set(f.departmentIds) : null;
    const from = (f.page - 1) * f.pageSize;
    // candidates in entry order: the text hits (plus visible mobile hits for digits), else a unit's / department's people, else everyone
    let candidates: number[] | null = null;
    if (q && !q.includes('\n')) {
      const text = PeopleIndex.hits(this.joined, this.starts, q);
      if (digits) {
        const seen = new Set(text);
        for (const i of PeopleIndex.hits(this.mobiles, this.mobileStarts, q)) {
          const r = this.entries[i].row;
          if (
            !seen.has(i) &&
            mobileVisible(viewer.mobileScope, viewer, { userId: r.userId, unitId: r.unitId, departmentId: r.departmentId }, viewer.subtree)
          )
            text.push(i);
        }
        text.sort((a, b) => a - b);
      }
      candidates = text;
    } else if (q) {
      candidates = [];
    } else if (depts) {
      candidates = [...depts].flatMap((d) => this.byDepartment.get(d) ?? []).sort((a, b) => a - b);
    } else if (f.unitId) {
      candidates = this.byUnit.get(f.unitId) ?? [];
    }
    const items: PersonRow[] = [];
    let total = 0;
    const n = candidates ? candidates.length : this.entries.length;
    for (let k = 0; k < n; k++) {
      const r = this.entries[candidates ? candidates[k] : k].row;
      if (f.unitId && r.unitId !== f.unitId) continue;
      if (depts && !depts.has(r.departmentId)) continue;
      if (total >= from && items.length < f.pageSize) items.push(r);
      total++;
    }
    return { items, total };
  }
}

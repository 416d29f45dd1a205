import { CONTACT_CARD_EVENT_TYPES, type ContactCardEvent } from '../../domain/contacts/contact-card';
import { PERSONAL_CONTACTS_EVENT_TYPES, type PersonalContactsEvent } from '../../domain/contacts/personal-contacts';
import type { RecordedEvent } from '../../domain/eventstore/envelope';
import { DEPARTMENT_EVENT_TYPES, type DepartmentEvent } from '../../domain/org/department/department';
import { rankOrder } from '../../domain/org/rank';
import { UNIT_EVENT_TYPES, type UnitEvent } from '../../domain/org/unit/unit';
import type { UserEvent } from '../../domain/org/user/user';
import type { Projection, SqlClient, TableNamer } from '../engine/types';
import { pinyinInitials } from '../org/pinyin';

/**
 * 通讯录 read models (projection 'contacts'): the address book of the district, folded from the org events
 * (units, departments, people with their primary post) and the 通讯录名片 / 个人通讯录 events. SQL with `?` only.
 *
 * ct_units        id, name, parent_id, status
 * ct_departments  id, unit_id, name, parent_id, status
 * ct_people       user_id, name, initials (pinyin initials: 许文博 → xwb), username, unit_id, department_id, title (职务),
 *                 rank_order, status, org_phone / org_email (the org record), office_phone, card_mobile, card_email, room
 *                 (the card), mobile (card_mobile, else org_phone), email (card_email, else org_email), search_text
 *                 (lower-case name, initials, username, office phone, email, room — NOT the mobile: a mobile matches a
 *                 search only where the viewer may see it, queries.ts)
 * ct_personal     owner_id, contact_id, name, initials, organisation, title, mobile, phone, email, note, search_text
 * ct_meta         k = 'directory', v = a counter bumped by every change of ct_units / ct_departments / ct_people
 *                 (the in-memory search index, search-index.ts, reloads when it moves)
 */
export const CONTACT_TABLES = ['ct_units', 'ct_departments', 'ct_people', 'ct_personal', 'ct_meta'] as const;

const USER_TYPES: readonly UserEvent['type'][] = [
  'UserHired',
  'UserProfileUpdated',
  'UserTransferred',
  'UserDeactivated',
  'UserReactivated',
];

async function setup(db: SqlClient, t: TableNamer): Promise<void> {
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${t('ct_units')} (id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT, status TEXT NOT NULL)`,
  );
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${t('ct_departments')} (id TEXT PRIMARY KEY, unit_id TEXT NOT NULL, name TEXT NOT NULL, parent_id TEXT, status TEXT NOT NULL)`,
  );
  const p = t('ct_people');
  await db.run(`CREATE TABLE IF NOT EXISTS ${p} (
    user_id TEXT PRIMARY KEY, name TEXT NOT NULL, initials TEXT NOT NULL, username TEXT NOT NULL, unit_id TEXT NOT NULL, department_id TEXT NOT NULL,
    title TEXT NOT NULL, rank_order INTEGER NOT NULL, status TEXT NOT NULL, org_phone TEXT, org_email TEXT, office_phone TEXT, card_mobile TEXT,
    card_email TEXT, room TEXT, mobile TEXT, email TEXT, search_text TEXT NOT NULL)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_dept ON ${p} (department_id, rank_order)`);
  await db.run(`CREATE INDEX IF NOT EXISTS ${p}_unit ON ${p} (unit_id, rank_order)`);
  await db.run(`CREATE TABLE IF NOT EXISTS ${t('ct_meta')} (k TEXT PRIMARY KEY, v BIGINT NOT NULL)`);
  const c = t('ct_personal');
  await db.run(`CREATE TABLE IF NOT EXISTS ${c} (
    owner_id TEXT NOT NULL, contact_id TEXT NOT NULL, name TEXT NOT NULL, initials TEXT NOT NULL, organisation TEXT, title TEXT, mobile TEXT,
    phone TEXT, email TEXT, note TEXT, search_text TEXT NOT NULL, PRIMARY KEY (owner_id, contact_id))`);
}

interface PersonRow {
  name: string;
  username: string;
  office_phone: string | null;
  org_phone: string | null;
  card_mobile: string | null;
  org_email: string | null;
  card_email: string | null;
  room: string | null;
}

export function personSearchText(r: PersonRow): string {
  const email = r.card_email ?? r.org_email ?? '';
  return [
    r.name.toLowerCase(),
    pinyinInitials(r.name),
    r.username.toLowerCase(),
    r.office_phone ?? '',
    email.toLowerCase(),
    (r.room ?? '').toLowerCase(),
  ].join(' ');
}

async function refresh(db: SqlClient, p: string, userId: string): Promise<void> {
  const r = await db.get<PersonRow>(
    `SELECT name, username, office_phone, org_phone, card_mobile, org_email, card_email, room FROM ${p} WHERE user_id = ?`,
    [userId],
  );
  if (!r) return;
  await db.run(`UPDATE ${p} SET initials = ?, mobile = ?, email = ?, search_text = ? WHERE user_id = ?`, [
    pinyinInitials(r.name),
    r.card_mobile ?? r.org_phone,
    r.card_email ?? r.org_email,
    personSearchText(r),
    userId,
  ]);
}

async function apply(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void> {
  if (!event.type.startsWith('PersonalContact'))
    await db.run(`INSERT INTO ${t('ct_meta')} (k, v) VALUES ('directory', 1) ON CONFLICT (k) DO UPDATE SET v = ${t('ct_meta')}.v + 1`);
  await applyRow(db, event, t);
}

async function applyRow(db: SqlClient, event: RecordedEvent, t: TableNamer): Promise<void> {
  const p = t('ct_people');
  const e = event as unknown as UserEvent | UnitEvent | DepartmentEvent | ContactCardEvent | PersonalContactsEvent;
  switch (e.type) {
    case 'UnitCreated':
      await db.run(`INSERT INTO ${t('ct_units')} (id, name, parent_id, status) VALUES (?, ?, ?, 'open') ON CONFLICT (id) DO NOTHING`, [
        e.data.unitId,
        e.data.name,
        e.data.parentId,
      ]);
      return;
    case 'UnitRenamed':
      await db.run(`UPDATE ${t('ct_units')} SET name = ? WHERE id = ?`, [e.data.name, e.data.unitId]);
      return;
    case 'UnitMoved':
      await db.run(`UPDATE ${t('ct_units')} SET parent_id = ? WHERE id = ?`, [e.data.toParentId, e.data.unitId]);
      return;
    case 'UnitClosed':
      await db.run(`UPDATE ${t('ct_units')} SET status = 'closed' WHERE id = ?`, [e.data.unitId]);
      return;
    case 'DepartmentCreated':
      await db.run(
        `INSERT INTO ${t('ct_departments')} (id, unit_id, name, parent_id, status) VALUES (?, ?, ?, ?, 'open') ON CONFLICT (id) DO NOTHING`,
        [e.data.departmentId, e.data.unitId, e.data.name, e.data.parentId],
      );
      return;
    case 'DepartmentRenamed':
      await db.run(`UPDATE ${t('ct_departments')} SET name = ? WHERE id = ?`, [e.data.name, e.data.departmentId]);
      return;
    case 'DepartmentMoved':
      await db.run(`UPDATE ${t('ct_departments')} SET parent_id = ? WHERE id = ?`, [e.data.toParentId, e.data.departmentId]);
      return;
    case 'DepartmentClosed':
      await db.run(`UPDATE ${t('ct_departments')} SET status = 'closed' WHERE id = ?`, [e.data.departmentId]);
      return;
    case 'UserHired': {
      const d = e.data;
      await db.run(
        `INSERT INTO ${p} (user_id, name, initials, username, unit_id, department_id, title, rank_order, status, org_phone, org_email, office_phone,
           card_mobile, card_email, room, mobile, email, search_text)
         VALUES (?, ?, '', ?, ?, ?, ?, ?, 'active', ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, '')
         ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, username = excluded.username, unit_id = excluded.unit_id,
           department_id = excluded.department_id, title = excluded.title, rank_order = excluded.rank_order, status = 'active',
           org_phone = excluded.org_phone, org_email = excluded.org_email`,
        [
          d.userId,
          d.name,
          d.username,
          d.primaryPost.unitId,
          d.primaryPost.departmentId,
          d.primaryPost.title,
          rankOrder(d.primaryPost.rank),
          d.phone,
          d.email,
        ],
      );
      await refresh(db, p, d.userId);
      return;
    }
    case 'UserProfileUpdated': {
      const d = e.data;
      const sets: string[] = [];
      const params: unknown[] = [];
      const set = (col: string, v: unknown) => {
        sets.push(`${col} = ?`);
        params.push(v);
      };
      if (d.name !== undefined) set('name', d.name);
      if (d.phone !== undefined) set('org_phone', d.phone);
      if (d.email !== undefined) set('org_email', d.email);
      if (sets.length) await db.run(`UPDATE ${p} SET ${sets.join(', ')} WHERE user_id = ?`, [...params, d.userId]);
      await refresh(db, p, d.userId);
      return;
    }
    case 'UserTransferred':
      await db.run(`UPDATE ${p} SET unit_id = ?, department_id = ?, title = ?, rank_order = ? WHERE user_id = ?`, [
        e.data.to.unitId,
        e.data.to.departmentId,
        e.data.to.title,
        rankOrder(e.data.to.rank),
        e.data.userId,
      ]);
      return;
    case 'UserDeactivated':
      await db.run(`UPDATE ${p} SET status = 'inactive' WHERE user_id = ?`, [e.data.userId]);
      return;
    case 'UserReactivated':
      await db.run(`UPDATE ${p} SET status = 'active' WHERE user_id = ?`, [e.data.userId]);
      return;
    case 'ContactCardUpdated': {
      const d = e.data;
      await db.run(`UPDATE ${p} SET office_phone = ?, card_mobile = ?, card_email = ?, room = ? WHERE user_id = ?`, [
        d.officePhone,
        d.mobile,
        d.email,
        d.room,
        d.userId,
      ]);
      await refresh(db, p, d.userId);
      return;
    }
    case 'PersonalContactSaved': {
      const d = e.data;
      const text = [
        d.name.toLowerCase(),
        pinyinInitials(d.name),
        (d.organisation ?? '').toLowerCase(),
        d.mobile ?? '',
        d.phone ?? '',
        (d.email ?? '').toLowerCase(),
      ].join(' ');
      await db.run(
        `INSERT INTO ${t('ct_personal')} (owner_id, contact_id, name, initials, organisation, title, mobile, phone, email, note, search_text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (owner_id, contact_id) DO UPDATE SET name = excluded.name, initials = excluded.initials, organisation = excluded.organisation,
           title = excluded.title, mobile = excluded.mobile, phone = excluded.phone, email = excluded.email, note = excluded.note, search_text = excluded.search_text`,
        [d.ownerId, d.contactId, d.name, pinyinInitials(d.name), d.organisation, d.title, d.mobile, d.phone, d.email, d.note, text],
      );
      return;
    }
    case 'PersonalContactRemoved':
      await db.run(`DELETE FROM ${t('ct_personal')} WHERE owner_id = ? AND contact_id = ?`, [e.data.ownerId, e.data.contactId]);
      return;
    default:
      return;
  }
}

export function contactsProjection(): Projection {
  return {
    name: 'contacts',
    version: 1,
    tables: CONTACT_TABLES,
    eventTypes: [
      ...UNIT_EVENT_TYPES,
      ...DEPARTMENT_EVENT_TYPES,
      ...USER_TYPES,
      ...CONTACT_CARD_EVENT_TYPES,
      ...PERSONAL_CONTACTS_EVENT_TYPES,
    ],
    setup,
    apply,
  };
}

/**
 * 个人通讯录 (PersonalContacts): a person's own contacts outside the org (a supplier, a colleague of another
 * district). Stream `personal-contacts-<ownerId>`; only the owner reads and changes it. Rules:
 *   P1 A name (≤ 30 characters) and at least one of 手机 / 电话 / 邮箱; formats as in contact-card.ts.
 *   P2 At most 2,000 contacts per person.
 *   P3 Update and remove name an existing contact (contacts.contact_not_found otherwise).
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';
import { EMAIL, MOBILE, OFFICE_PHONE } from './contact-card';

export const personalContactsStreamId = (ownerId: string) => `personal-contacts-${ownerId}`;
export const PERSONAL_CONTACTS_MAX = 2000;

export interface PersonalContact {
  contactId: string;
  name: string;
  organisation: string | null;
  title: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  note: string | null;
}

export type PersonalContactSaved = DomainEvent<'PersonalContactSaved', PersonalContact & { ownerId: string; at: string }>;
export type PersonalContactRemoved = DomainEvent<'PersonalContactRemoved', { ownerId: string; contactId: string; at: string }>;
export type PersonalContactsEvent = PersonalContactSaved | PersonalContactRemoved;
export const PERSONAL_CONTACTS_EVENT_TYPES = [
  'PersonalContactSaved',
  'PersonalContactRemoved',
] as const satisfies readonly PersonalContactsEvent['type'][];

type Input = Omit<PersonalContact, 'contactId'>;
export type AddPersonalContact = Command<'AddPersonalContact', Input & { contactId: string }>;
export type UpdatePersonalContact = Command<'UpdatePersonalContact', Input & { contactId: string }>;
export type RemovePersonalContact = Command<'RemovePersonalContact', { contactId: string }>;
export type PersonalContactsCommand = AddPersonalContact | UpdatePersonalContact | RemovePersonalContact;

export interface PersonalContactsState {
  contacts: Map<string, PersonalContact>;
}

function checked(d: Input & { contactId: string }): PersonalContact {
  const t = (v: string | null | undefined) => (v ?? '').trim() || null;
  const c: PersonalContact = {
    contactId: d.contactId,
    name: (d.name ?? '').trim(),
    organisation: t(d.organisation),
    title: t(d.title),
    mobile: t(d.mobile),
    phone: t(d.phone),
    email: t(d.email),
    note: t(d.note),
  };
  if (!c.name) throw new DomainError('invalid', 'contacts.name_required', '请填写姓名', 'name');
  if (c.name.length > 30) throw new DomainError('invalid', 'contacts.name_too_long', '姓名不能超过 30 个字', 'name');
  if (!c.mobile && !c.phone && !c.email) throw new DomainError('invalid', 'contacts.no_way', '手机、电话、邮箱至少填写一项', 'mobile');
  if (c.mobile && !MOBILE.test(c.mobile)) throw new DomainError('invalid', 'contacts.mobile', '手机号码须为 1 开头的 11 位数字', 'mobile');
  if (c.phone && !OFFICE_PHONE.test(c.phone)) throw new DomainError('invalid', 'contacts.phone', '电话格式不正确', 'phone');
  if (c.email && !EMAIL.test(c.email)) throw new DomainError('invalid', 'contacts.email', '电子邮箱格式不正确', 'email');
  if ((c.organisation?.length ?? 0) > 60) throw new DomainError('invalid', 'contacts.organisation', '单位不能超过 60 个字', 'organisation');
  if ((c.title?.length ?? 0) > 30) throw new DomainError('invalid', 'contacts.title', '职务不能超过 30 个字', 'title');
  if ((c.note?.length ?? 0) > 200) throw new DomainError('invalid', 'contacts.note', '备注不能超过 200 个字', 'note');
  return c;
}

export function addPersonalContact(c: AddPersonalContact, s: PersonalContactsState): PersonalContactsEvent[] {
  if (s.contacts.has(c.data.contactId)) return []; // the same add again
  if (s.contacts.size >= PERSONAL_CONTACTS_MAX)
    throw new DomainError('rule', 'contacts.too_many', `个人通讯录最多 ${PERSONAL_CONTACTS_MAX} 人`);
  return [{ type: 'PersonalContactSaved', data: { ...checked(c.data), ownerId: c.metadata.actorId, at: c.metadata.now } }];
}

export function updatePersonalContact(c: UpdatePersonalContact, s: PersonalContactsState): PersonalContactsEvent[] {
  if (!s.contacts.has(c.data.contactId)) throw new DomainError('not_found', 'contacts.contact_not_found', '联系人不存在', 'contactId');
  return [{ type: 'PersonalContactSaved', data: { ...checked(c.data), ownerId: c.metadata.actorId, at: c.metadata.now } }];
}

export function removePersonalContact(c: RemovePersonalContact, s: PersonalContactsState): PersonalContactsEvent[] {
  if (!s.contacts.has(c.data.contactId)) throw new DomainError('not_found', 'contacts.contact_not_found', '联系人不存在', 'contactId');
  return [{ type: 'PersonalContactRemoved', data: { ownerId: c.metadata.actorId, contactId: c.data.contactId, at: c.metadata.now } }];
}

export const personalContactsDecider: Decider<PersonalContactsCommand, PersonalContactsEvent, PersonalContactsState> = {
  initialState: () => ({ contacts: new Map() }),
  decide: (c, s) => {
    switch (c.type) {
      case 'AddPersonalContact':
        return addPersonalContact(c, s);
      case 'UpdatePersonalContact':
        return updatePersonalContact(c, s);
      case 'RemovePersonalContact':
        return removePersonalContact(c, s);
      default:
        return assertNever(c);
    }
  },
  evolve: (s, e) => {
    const contacts = new Map(s.contacts);
    switch (e.type) {
      case 'PersonalContactSaved': {
        const { ownerId: _o, at: _a, ...contact } = e.data;
        contacts.set(contact.contactId, contact);
        return { contacts };
      }
      case 'PersonalContactRemoved':
        contacts.delete(e.data.contactId);
        return { contacts };
      default:
        return assertNever(e);
    }
  },
};

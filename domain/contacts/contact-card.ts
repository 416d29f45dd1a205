/**
 * 通讯录名片 (ContactCard): what the address book adds to a person of the org — office phone (座机),
 * office room, and a mobile / email of their own when they differ from the org record. Stream
 * `contact-card-<userId>`. Rules:
 *   C1 The person edits their own card; an org administrator (org.admin, passed in as `asAdmin`) any card.
 *   C2 座机: digits, spaces, '-', '+', '(' ')' and '转' (extension), 5–30 characters; 手机: 11 digits
 *      starting with 1; 邮箱: one '@' and a dot in the domain; 办公室: ≤ 40 characters. Empty clears a field.
 *   C3 A card that does not change anything records nothing.
 */
import type { Command, Decider, DomainEvent } from '../shared/decider';
import { DomainError, assertNever } from '../shared/errors';

export const contactCardStreamId = (userId: string) => `contact-card-${userId}`;

export interface CardFields {
  officePhone: string | null;
  mobile: string | null;
  email: string | null;
  room: string | null;
}

export type ContactCardUpdated = DomainEvent<'ContactCardUpdated', CardFields & { userId: string; updatedBy: string; at: string }>;
export type ContactCardEvent = ContactCardUpdated;
export const CONTACT_CARD_EVENT_TYPES = ['ContactCardUpdated'] as const satisfies readonly ContactCardEvent['type'][];

export type UpdateContactCard = Command<'UpdateContactCard', Partial<CardFields> & { userId: string; asAdmin: boolean }>;
export type ContactCardCommand = UpdateContactCard;

export interface ContactCardState extends CardFields {
  exists: boolean;
}

const EMPTY: ContactCardState = { exists: false, officePhone: null, mobile: null, email: null, room: null };

export const OFFICE_PHONE = /^[0-9+\-() 转]{5,30}$/;
export const MOBILE = /^1\d{10}$/;
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function evolveContactCard(s: ContactCardState, e: ContactCardEvent): ContactCardState {
  switch (e.type) {
    case 'ContactCardUpdated':
      return { exists: true, officePhone: e.data.officePhone, mobile: e.data.mobile, email: e.data.email, room: e.data.room };
    default:
      return assertNever(e.type);
  }
}

const clean = (v: string | null | undefined): string | null | undefined => (v === undefined ? undefined : (v ?? '').trim() || null);

export function updateContactCard(c: UpdateContactCard, s: ContactCardState): ContactCardEvent[] {
  const d = c.data;
  const actor = c.metadata.onBehalfOf ?? c.metadata.actorId;
  if (actor !== d.userId && !d.asAdmin) throw new DomainError('forbidden', 'contacts.not_own_card', '只能修改本人的通讯录信息');
  const next: CardFields = {
    officePhone: clean(d.officePhone) === undefined ? s.officePhone : (clean(d.officePhone) as string | null),
    mobile: clean(d.mobile) === undefined ? s.mobile : (clean(d.mobile) as string | null),
    email: clean(d.email) === undefined ? s.email : (clean(d.email) as string | null),
    room: clean(d.room) === undefined ? s.room : (clean(d.room) as string | null),
  };
  if (next.officePhone && !OFFICE_PHONE.test(next.officePhone))
    throw new DomainError('invalid', 'contacts.office_phone', '办公电话格式不正确（如 020-12345678 转 801）', 'officePhone');
  if (next.mobile && !MOBILE.test(next.mobile))
    throw new DomainError('invalid', 'contacts.mobile', '手机号码须为 1 开头的 11 位数字', 'mobile');
  if (next.email && (!EMAIL.test(next.email) || next.email.length > 100))
    throw new DomainError('invalid', 'contacts.email', '电子邮箱格式不正确', 'email');
  if (next.room && next.room.length > 40) throw new DomainError('invalid', 'contacts.room', '办公室不能超过 40 个字', 'room');
  if (s.exists && next.officePhone === s.officePhone && next.mobile === s.mobile && next.email === s.email && next.room === s.room)
    return [];
  return [{ type: 'ContactCardUpdated', data: { userId: d.userId, ...next, updatedBy: actor, at: c.metadata.now } }];
}

export const contactCardDecider: Decider<ContactCardCommand, ContactCardEvent, ContactCardState> = {
  initialState: () => ({ ...EMPTY }),
  decide: (c, s) => {
    switch (c.type) {
      case 'UpdateContactCard':
        return updateContactCard(c, s);
      default:
        return assertNever(c.type);
    }
  },
  evolve: evolveContactCard,
};

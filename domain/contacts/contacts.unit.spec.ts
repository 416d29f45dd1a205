import { describe, expect, it } from 'vitest';
import { spec } from '../../test/support/gwt';
import { contactCardDecider, type ContactCardUpdated, type UpdateContactCard } from './contact-card';
import { DEFAULT_MOBILE_POLICY, mobilePolicyDecider, mobileScopeOf, mobileVisible, type SetMobileVisibility } from './mobile-policy';
import { personalContactsDecider, type AddPersonalContact, type PersonalContactSaved } from './personal-contacts';
import { vcardOf } from './vcard';

const T = '2026-03-02T01:00:00.000Z';
const md = (actorId: string) => ({ now: T, actorId, onBehalfOf: null, unitId: null });

describe('通讯录名片', () => {
  const update = (data: Partial<UpdateContactCard['data']>, actor = 'staff') =>
    ({ type: 'UpdateContactCard', data: { userId: 'staff', asAdmin: false, ...data }, metadata: md(actor) }) as UpdateContactCard;
  const first: ContactCardUpdated = {
    type: 'ContactCardUpdated',
    data: { userId: 'staff', officePhone: '0757-22361234 转 801', mobile: null, email: null, room: '305室', updatedBy: 'staff', at: T },
  };
  it('the person records their office phone and room; an unchanged card records nothing', () => {
    spec(contactCardDecider)
      .given([])
      .when(update({ officePhone: ' 0757-22361234 转 801 ', room: '305室' }))
      .then([first]);
    spec(contactCardDecider)
      .given([first])
      .when(update({ room: '305室' }))
      .then([]);
  });
  it('only the person or an org admin; formats checked on the field', () => {
    spec(contactCardDecider)
      .given([])
      .when(update({ room: 'x' }, 'you-jia'))
      .thenThrows('contacts.not_own_card');
    spec(contactCardDecider)
      .given([])
      .when(update({ room: 'x', asAdmin: true }, 'sysadmin'))
      .then([
        {
          type: 'ContactCardUpdated',
          data: { userId: 'staff', officePhone: null, mobile: null, email: null, room: 'x', updatedBy: 'sysadmin', at: T },
        },
      ]);
    expect(
      spec(contactCardDecider)
        .given([])
        .when(update({ mobile: '12345' }))
        .thenThrows('contacts.mobile').field,
    ).toBe('mobile');
    expect(
      spec(contactCardDecider)
        .given([])
        .when(update({ email: 'a@b' }))
        .thenThrows('contacts.email').field,
    ).toBe('email');
    expect(
      spec(contactCardDecider)
        .given([])
        .when(update({ officePhone: 'abc' }))
        .thenThrows('contacts.office_phone').field,
    ).toBe('officePhone');
  });
  it('an empty value clears a field; an absent one keeps it', () => {
    spec(contactCardDecider)
      .given([first])
      .when(update({ officePhone: '' }))
      .then([{ ...first, data: { ...first.data, officePhone: null } }]);
  });
});

describe('手机号码可见范围', () => {
  const set = (data: Partial<SetMobileVisibility['data']>) =>
    ({
      type: 'SetMobileVisibility',
      data: { defaultScope: 'unit', roleScopes: {}, knownRoles: ['leader', 'staff'], ...data },
      metadata: md('secadmin'),
    }) as SetMobileVisibility;
  it('the security admin sets a default and per-role scopes (recorded with who)', () => {
    spec(mobilePolicyDecider)
      .given([])
      .when(set({ defaultScope: 'department', roleScopes: { leader: 'all' } }))
      .then([
        { type: 'MobileVisibilitySet', data: { defaultScope: 'department', roleScopes: { leader: 'all' }, setBy: 'secadmin', at: T } },
      ]);
  });
  it('refuses an unknown role or scope on the field', () => {
    expect(
      spec(mobilePolicyDecider)
        .given([])
        .when(set({ roleScopes: { nobody: 'all' } }))
        .thenThrows('contacts.unknown_role').field,
    ).toBe('roleScopes.nobody');
    expect(
      spec(mobilePolicyDecider)
        .given([])
        .when(set({ defaultScope: 'world' as never }))
        .thenThrows('contacts.scope').field,
    ).toBe('defaultScope');
  });
  it('a viewer gets the widest scope of the default and their roles; default: 本单位, leaders 全部', () => {
    expect(mobileScopeOf(DEFAULT_MOBILE_POLICY, ['staff'])).toBe('unit');
    expect(mobileScopeOf(DEFAULT_MOBILE_POLICY, ['staff', 'leader'])).toBe('all');
    expect(mobileScopeOf({ defaultScope: 'department', roleScopes: { staff: 'self' } }, ['staff'])).toBe('department');
  });
  it("visibility by scope; one always sees one's own", () => {
    const me = { userId: 'a', unitId: 'czj', departmentId: 'czj-ysk' };
    const colleague = { userId: 'b', unitId: 'czj', departmentId: 'czj-gkk' };
    const sub = { userId: 'c', unitId: 'czj', departmentId: 'czj-ysk-1' };
    const other = { userId: 'd', unitId: 'qzfb', departmentId: 'qzfb-zhk' };
    expect(mobileVisible('unit', me, colleague, [])).toBe(true);
    expect(mobileVisible('unit', me, other, [])).toBe(false);
    expect(mobileVisible('department', me, colleague, [])).toBe(false);
    expect(mobileVisible('department_tree', me, sub, ['czj-ysk', 'czj-ysk-1'])).toBe(true);
    expect(mobileVisible('self', me, colleague, [])).toBe(false);
    expect(mobileVisible('self', me, me, [])).toBe(true);
    expect(mobileVisible('all', me, other, [])).toBe(true);
  });
});

describe('个人通讯录', () => {
  const add = (data: Partial<AddPersonalContact['data']>) =>
    ({
      type: 'AddPersonalContact',
      data: {
        contactId: 'c1',
        name: '梁志诚',
        organisation: '市财政局',
        title: null,
        mobile: '13902231188',
        phone: null,
        email: null,
        note: null,
        ...data,
      },
      metadata: md('staff'),
    }) as AddPersonalContact;
  const saved: PersonalContactSaved = {
    type: 'PersonalContactSaved',
    data: {
      contactId: 'c1',
      name: '梁志诚',
      organisation: '市财政局',
      title: null,
      mobile: '13902231188',
      phone: null,
      email: null,
      note: null,
      ownerId: 'staff',
      at: T,
    },
  };
  it("adds a contact to the owner's book; the same add again is a no-op", () => {
    spec(personalContactsDecider).given([]).when(add({})).then([saved]);
    spec(personalContactsDecider).given([saved]).when(add({})).then([]);
  });
  it('needs a name and one way to reach them', () => {
    expect(
      spec(personalContactsDecider)
        .given([])
        .when(add({ name: ' ' }))
        .thenThrows('contacts.name_required').field,
    ).toBe('name');
    expect(
      spec(personalContactsDecider)
        .given([])
        .when(add({ mobile: null }))
        .thenThrows('contacts.no_way').field,
    ).toBe('mobile');
  });
  it('updates and removes only existing contacts', () => {
    const rm = { type: 'RemovePersonalContact', data: { contactId: 'x' }, metadata: md('staff') } as const;
    spec(personalContactsDecider).given([saved]).when(rm).thenThrows('contacts.contact_not_found');
    spec(personalContactsDecider)
      .given([saved])
      .when({ ...rm, data: { contactId: 'c1' } })
      .then([{ type: 'PersonalContactRemoved', data: { ownerId: 'staff', contactId: 'c1', at: T } }]);
  });
});

describe('vCard', () => {
  it('writes a vCard 3.0 with escaped values and without a hidden mobile', () => {
    const v = vcardOf({
      name: '许文博',
      unitName: '区财政局',
      departmentName: '预算科',
      title: '科员',
      officePhone: '0757-22361234',
      mobile: null,
      email: 'staff@district.gov.cn',
      room: '305室, 东楼',
    });
    expect(v).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN:许文博',
        'N:许文博;;;;',
        'ORG:区财政局;预算科',
        'TITLE:科员',
        'TEL;TYPE=WORK,VOICE:0757-22361234',
        'EMAIL;TYPE=INTERNET:staff@district.gov.cn',
        'NOTE:办公室：305室\\, 东楼',
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
    expect(
      vcardOf({
        name: '许文博',
        unitName: null,
        departmentName: null,
        title: null,
        officePhone: null,
        mobile: '13800001234',
        email: null,
        room: null,
      }),
    ).toContain('TEL;TYPE=CELL:13800001234');
  });
});

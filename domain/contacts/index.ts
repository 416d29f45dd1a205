/** 通讯录 (contacts) context: its public surface (other contexts import only this). */
export * from './contact-card';
export * from './mobile-policy';
export * from './personal-contacts';
export * from './vcard';

import { contactsProjection } from '../../projections/contacts';
import type { ModuleManifest } from '../modules/manifest';
import { contactRoutes } from './routes';
import { seedContactsDemo } from './seed';

/** 通讯录: 单位 → 部门 → 人员 (职务, 办公电话, 手机 by the security admin's scope, 邮箱), 拼音首字母搜索, 个人通讯录, vCard. */
export const contactsModule: ModuleManifest = {
  name: 'contacts',
  title: '通讯录',
  menu: { path: 'contacts', label: '通讯录', icon: '讯', anyOf: ['org.read'], order: 65 },
  permissions: ['org.read', 'security.admin'],
  routes: (p) => contactRoutes(p),
  projections: () => [contactsProjection()],
  seed: { demo: (p, log) => seedContactsDemo(p, log) },
};

/** Organisation & identity bounded context (组织机构与身份): the public surface of domain/org. */
export * from './common';
export * from './rank';
export * from './permissions';
export * from './unit/unit';
export * from './unit/decide';
export * from './department/department';
export * from './department/decide';
export * from './user/user';
export * from './user/decide';
export * from './username/username';
export * from './role/role';

import { DEPARTMENT_EVENT_TYPES } from './department/department';
import { ROLE_EVENT_TYPES } from './role/role';
import { UNIT_EVENT_TYPES } from './unit/unit';
import { USER_EVENT_TYPES } from './user/user';
import { USERNAME_EVENT_TYPES } from './username/username';

/** Every event type of the organisation context. */
export const ORG_EVENT_TYPES: readonly string[] = [
  ...UNIT_EVENT_TYPES,
  ...DEPARTMENT_EVENT_TYPES,
  ...USER_EVENT_TYPES,
  ...USERNAME_EVENT_TYPES,
  ...ROLE_EVENT_TYPES,
];
export * from './security-policy/security-policy';

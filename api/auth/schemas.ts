import { DATA_SCOPES } from '../../domain/org/permissions';
import { closed } from '../http/schemas';

/**
 * GET /api/me as a JSON Schema (route `response:`; the web's `Me` is generated from it). Validated
 * against real answers in test/api/response-schemas.e2e.spec.ts.
 */
const str = { type: 'string' } as const;
const scope = { type: 'string', enum: [...DATA_SCOPES] } as const;

export const ME_SCHEMA = closed({
  user: closed({
    id: str,
    username: str,
    name: str,
    unitId: str,
    departmentId: str,
    title: { ...str, description: '主岗职务, e.g. 科长' },
    rank: { ...str, description: '职务级别' },
    roles: { type: 'array', items: str },
    mustChangePassword: { type: 'boolean' },
  }),
  posts: {
    type: 'array',
    description: 'the primary post first, then concurrent posts (兼职)',
    items: closed({ unitId: str, departmentId: str, title: str, rank: str, primary: { type: 'boolean' } }),
  },
  roles: { type: 'array', items: closed({ roleId: str, name: str, scope }) },
  permissions: { type: 'array', description: 'effective grants, each with its 数据范围', items: closed({ permission: str, scope }) },
  lastLoginAt: { type: ['string', 'null'] },
});

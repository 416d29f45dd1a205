// ESLint flat config: typescript-eslint's recommended rules over the back end and tests, plus the
// import boundaries of ARCHITECTURE §2 and §13 (MODULES.md). The Angular app under web/ has its own
// build-time checks (strict templates).
import tseslint from 'typescript-eslint';

/** Bounded contexts with a folder of their own in domain/ (add a module's name when it arrives). */
const DOMAIN_CONTEXTS = [
  'documents',
  'org',
  'workflow',
  'abroad',
  'announcements',
  'assets',
  'attendance',
  'contacts',
  'expenses',
  'govinfo',
  'meetings',
  'schedule',
  'supervision',
];
/** Read sides that belong to one context (projections/<x>/): only api/<x>/ and the composition root may import them. */
const CONTEXT_READ_SIDES = [
  'documents',
  'org',
  'abroad',
  'announcements',
  'assets',
  'attendance',
  'contacts',
  'expenses',
  'govinfo',
  'meetings',
  'schedule',
  'supervision',
];
const IO_LIBRARIES = [
  'pg',
  'better-sqlite3',
  'express',
  '@clickhouse/client',
  '@duckdb/node-api',
  'pino',
  'node:fs',
  'node:net',
  'node:http',
  'node:child_process',
];

const domainRules = DOMAIN_CONTEXTS.map((ctx) => ({
  files: [`domain/${ctx}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: IO_LIBRARIES.map((name) => ({ name, message: 'domain/ is pure: no I/O library (ARCHITECTURE §2)' })),
        patterns: [
          {
            group: ['**/commands/**', '**/projections/**', '**/reports/**', '**/api/**', '**/web/**'],
            message: 'domain/ imports nothing from the other layers (ARCHITECTURE §2)',
          },
          ...DOMAIN_CONTEXTS.filter((o) => o !== ctx).map((o) => ({
            group: [`../${o}/*`, `../../${o}/*`],
            message: `another context is reached through its index.ts only: import from '../${o}' (MODULES.md)`,
          })),
        ],
      },
    ],
  },
}));

const apiRules = [
  'audit',
  'auth',
  'documents',
  'events',
  'health',
  'http',
  'modules',
  'org',
  'reports',
  'seed',
  'workflow',
  'abroad',
  'announcements',
  'assets',
  'attendance',
  'contacts',
  'expenses',
  'govinfo',
  'meetings',
  'schedule',
  'security',
  'supervision',
  'sysadmin',
].map((ctx) => ({
  files: [`api/${ctx}/**/*.ts`],
  ignores: ['**/*.spec.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: CONTEXT_READ_SIDES.filter((o) => o !== ctx && !(ctx === 'seed' && o === 'org')).map((o) => ({
          group: [`**/projections/${o}/**`, `**/projections/${o}`],
          message: `api/${ctx} never imports another context's read side (projections/${o}): take it through that module's manifest`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'web/**', 'data/**', '.services/**', 'bench/emmett/**', 'test/artifacts/**', 'dist/**', '.helpers/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  ...domainRules,
  ...apiRules,
  {
    files: ['projections/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/commands/**', '**/api/**'], message: 'projections/ reads the log through the port only (ARCHITECTURE §2)' },
          ],
        },
      ],
    },
  },
);

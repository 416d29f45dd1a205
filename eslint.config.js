// ESLint flat config: typescript-eslint's recommended rules over the back end and tests.
// The Angular app under web/ has its own build-time checks (strict templates).
import tseslint from 'typescript-eslint';

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
);

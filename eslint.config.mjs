// ESLint 9 flat config: Next.js's rules (core web vitals, with its TypeScript set), typescript-eslint's
// recommended rules, and eslint-config-prettier last so that formatting is Prettier's alone.
// `npm run lint` runs it over the whole tree with no warning allowed.
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const config = [
  {
    // Generated code, builds and test output.
    ignores: [
      'lib/generated/**',
      '.next*/**',
      'bench/floor/.next*/**',
      'bench/tmp/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'blob-report/**',
      'data/**',
      'next-env.d.ts',
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A dangling import or a variable left behind is an error, not a warning; `_name` marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // An import of a file or package that is not there (TypeScript checks .ts; this covers .js/.mjs too).
      'import/no-unresolved': 'error',
      // Off: the client sets state in effects on purpose (localStorage read after hydration, a list reset when the server sends a fresh page).
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    // Off: no React here; `use` is Playwright's fixture callback and useEmailLink/useWriteAheadLog are plain functions.
    files: ['lib/server/**', 'scripts/**', 'bench/**', 'e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Off: the e2e fuzz and bad-input tests forge and mangle JSON and CBOR of any shape on purpose.
    files: ['e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
];

export default config;

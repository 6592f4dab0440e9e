import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** An import of one of these top-level folders, from any depth (`../db`, `../../db/connection`). */
const topLevel = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

const NODE_BUILT_INS = {
  group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process'],
  message: 'No Node built-ins in workflow code.',
};
const IO_LIBRARIES = {
  group: [
    'knex',
    'pg',
    'express',
    'opossum',
    'zod',
    'pino',
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/activity',
  ],
  message: 'No I/O libraries in workflow code.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // An un-awaited activity, condition or query is a silent bug in Temporal code.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Knex query results are typed by assertion at the query (rows are `any` otherwise); this rule
      // misreads those assertions as redundant generics.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='setInterval']",
          message: 'No polling loops: use Temporal timers or activity retries.',
        },
      ],
    },
  },
  // Boundaries between the top-level folders, at any depth. Tests are left out: they compose what
  // they test from every side.
  {
    // Workflow code is replayed: no I/O, no Node built-ins, nothing but types from activities.
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NODE_BUILT_INS,
            IO_LIBRARIES,
            {
              regex: topLevel('db', 'api', 'treasury', 'simulator', 'config', 'workers', 'outbox', 'security', 'jit'),
              message: 'Workflows orchestrate; I/O lives in activities, shared shapes in contracts/.',
            },
            { regex: topLevel('activities'), allowTypeImports: true, message: 'Import activity types only.' },
          ],
        },
      ],
    },
  },
  {
    // Contracts are what every side shares, workflow code included: nothing runtime.
    files: ['contracts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.$|zod$|@temporalio/(common|workflow)$)',
              message: 'Contracts import only other contracts, zod and Temporal definitions.',
            },
          ],
        },
      ],
    },
  },
  {
    // Activities (and the outbox's) are called by workers; the API is another process's entry point.
    files: ['activities/**/*.ts', 'outbox/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: topLevel('api'), message: 'Activities do not depend on the API.' }] },
      ],
    },
  },
  {
    // The API starts workflows and reads; it never runs activities, and uses the treasury through
    // its public index (`treasury/index.ts`) only.
    files: ['api/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: topLevel('activities', 'outbox'), message: 'The API does not run activities.' },
            { regex: '^(\\.\\./)+treasury/', message: "Use the treasury's public index ('treasury')." },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);

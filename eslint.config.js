import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', 'packages/db/src/generated/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Every path that produces (jobs, listeners) goes through the sink, which counts a batch as
    // sent only when every partition it went to acknowledged it.
    files: ['apps/*/src/**', 'packages/*/src/**'],
    ignores: ['packages/kafka/src/sink/kafka-sink.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='producer']",
          message:
            'Produce through openKafkaSink (@tributary/kafka): it checks that every partition of a batch was acknowledged.',
        },
      ],
    },
  },
  {
    // CLIs and scripts talk to the operator on the console.
    files: ['scripts/**', 'packages/db/bin/**', 'packages/db/engine/**'],
    rules: { 'no-console': 'off' },
  },
);

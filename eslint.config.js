// Lint: ESLint's and typescript-eslint's recommended rules, plus the project's few of its own.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'prisma/generated/', 'storage/', 'tmp/', 'coverage/', '**/*.tmp.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      // Configuration is read once, in core/config.ts (house style 2).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: '只在 core/config.ts 中读取环境变量' }],
    },
  },
  {
    files: ['core/config.ts', 'bin/**', 'cli/main.ts', 'prisma/*.mjs', 'bench/**', 'tests/**', '**/*.test.ts', '.ci/**', '**/scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['bench/**', 'prisma/*.mjs', 'bin/**', '**/scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['web/console/**/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', location: 'readonly', navigator: 'readonly', Blob: 'readonly', FormData: 'readonly', HTMLElement: 'readonly', Event: 'readonly', KeyboardEvent: 'readonly', history: 'readonly', sessionStorage: 'readonly', localStorage: 'readonly', alert: 'readonly', confirm: 'readonly', ReadableStream: 'readonly' } },
  },
);

// Lint is the style guide: layer boundaries, no cycles, config read in one place, size budgets.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const LIBS = ['core', 'geo', 'segmentation', 'campaigns', 'analytics'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'apps/admin/dist/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through loadConfig() in libs/core/src/config.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@nestjs/common', importNames: ['forwardRef'], message: 'forwardRef hides a dependency cycle: split the module instead.' }],
          patterns: [{ regex: '^(\\.\\./)+apps/', message: 'Import apps only from apps.' }],
        },
      ],
      'import-x/no-cycle': ['error', { maxDepth: 12 }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-params': ['error', 7],
    },
  },
  {
    // Libraries know nothing of apps and reach other libraries only through their @localreach aliases.
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@nestjs/common', importNames: ['forwardRef'], message: 'forwardRef hides a dependency cycle: split the module instead.' }],
          patterns: [
            { regex: '^(\\.\\./)+apps/', message: 'A lib never imports an app.' },
            { regex: '^@localreach/dev-services', message: 'A lib never imports an app.' },
            { regex: `^(\\.\\./){3,}(${LIBS.join('|')})/`, message: 'Import another lib through its @localreach/<lib> alias.' },
          ],
        },
      ],
    },
  },
  {
    // segmentation, geo and analytics do not depend on campaigns.
    files: ['libs/segmentation/**/*.ts', 'libs/geo/**/*.ts', 'libs/analytics/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@localreach/campaigns', message: 'segmentation, geo and analytics must not import campaigns.' }] }],
    },
  },
  {
    // The one place configuration is read, and the launcher that forwards the environment to its children.
    files: ['libs/core/src/config/app-config.ts', 'scripts/start.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts', '**/migrations/*.ts'],
    rules: {
      'max-lines-per-function': 'off',
      'max-lines': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': 'off',
      // Tests and benchmarks boot the apps in-process.
      'no-restricted-imports': 'off',
    },
  },
);

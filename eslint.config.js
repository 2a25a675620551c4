import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.emulators/', 'coverage/'] },
  js.configs.recommended,
  // Rules that read types, for every file tsconfig.json holds: src/, and __tests__/ and scripts/, where a
  // promise left floating or a JSON value used as any hides a mistake as well as in the action itself.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  },
  // The JavaScript files (configs, scripts run by node) are outside tsconfig.json: no types to read.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked }
)

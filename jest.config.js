/** Jest in ESM mode with ts-jest; the emulators are started once for the whole run. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  globalSetup: './__tests__/support/global-setup.ts',
  globalTeardown: './__tests__/support/global-teardown.ts',
  testTimeout: 30000,
  verbose: true
}

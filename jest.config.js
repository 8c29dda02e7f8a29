/** One embedded PostgreSQL per run (globalSetup); each test file gets its own database cloned from a migrated template. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, target: 'es2022' }, module: { type: 'commonjs' } }];
const swcEsm = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const moduleNameMapper = {
  '^@localreach/(core|geo|segmentation|campaigns|analytics)$': '<rootDir>/libs/$1/src',
  '^@localreach/(core|geo|segmentation|campaigns|analytics)/(.*)$': '<rootDir>/libs/$1/src/$2',
  '^@localreach/api-client$': '<rootDir>/libs/api-client/src',
  '^@localreach/dev-services$': '<rootDir>/apps/dev-services/src',
  '^@localreach/dev-services/(.*)$': '<rootDir>/apps/dev-services/src/$1',
};
const { BROWSER_TESTS, leaveOutBrowserTests } = require('./test/support/chromium-path');

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // @nestjs/schedule 12 ships only ES modules, which Jest's module system (on Node 20) cannot require: compiled to CommonJS like ours.
  transform: { '^.+\\.ts$': swc, '/node_modules/@nestjs/schedule/.+\\.js$': swcEsm },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/schedule/)'],
  moduleNameMapper,
  testMatch: ['<rootDir>/(apps|libs|bench)/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/admin/', ...(leaveOutBrowserTests() ? [BROWSER_TESTS] : [])],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30000,
};

// Tests run as CommonJS through @swc/jest; ESM-only dependencies are transformed too.
const esmOnly = [
  '@octokit',
  'universal-user-agent',
  'before-after-hook',
  'content-type',
  'json-with-bigint',
];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/service/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // ESM-only with an `import`-only export map: point the CommonJS test runtime at its file.
    '^@octokit/webhooks-methods$':
      '<rootDir>/node_modules/@octokit/webhooks-methods/dist-node/index.js',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 60_000,
};

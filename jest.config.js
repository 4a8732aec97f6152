const ts = require('typescript');

/**
 * Jest compiles with swc what `nest build` compiles with tsc, so the two must agree on what the code means: the
 * target and class-field semantics (under define semantics a field declared without an initialiser is an own
 * property holding `undefined`). Both are read from the build's own tsconfig, never restated here;
 * test/transform-parity.spec.ts proves the two compilers then agree.
 */
function swcOptionsOfBuild(tsconfigPath) {
  const { config, error } = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, require('node:path').dirname(tsconfigPath));
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: options.experimentalDecorators },
      transform: {
        legacyDecorator: options.experimentalDecorators,
        decoratorMetadata: options.emitDecoratorMetadata,
        // TypeScript's default when unset: define semantics from ES2022 on.
        useDefineForClassFields: options.useDefineForClassFields ?? options.target >= ts.ScriptTarget.ES2022,
      },
      target: ts.ScriptTarget[options.target].toLowerCase(),
      keepClassNames: true,
    },
  };
}

const swc = ['@swc/jest', swcOptionsOfBuild(`${__dirname}/apps/api/tsconfig.app.json`)];
const common = {
  transform: { '^.+\\.(ts|js)$': swc },
  // ESM-only dependencies load natively in Node >= 20.19 but not in Jest's CommonJS runtime: compile them.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
  moduleNameMapper: { '^@app/([a-z-]+)(/.*)?$': '<rootDir>/libs/$1/src$2' },
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'], testPathIgnorePatterns: ['\\.contract\\.spec\\.ts$'] },
    { ...common, displayName: 'contract', testMatch: ['<rootDir>/libs/**/*.contract.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};

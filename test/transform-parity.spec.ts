import { transformSync, type Options } from '@swc/core';
import { dirname, join } from 'node:path';
import 'reflect-metadata';
import ts from 'typescript';

/**
 * Tests run what users run only if Jest's swc transform and `nest build` (tsc through ts-loader, with the app's
 * tsconfig) give the code one meaning. Both compile the same probes here, and the probes must behave the same.
 */
const BUILD_TSCONFIG = join(__dirname, '..', 'apps', 'api', 'tsconfig.app.json');

function buildCompilerOptions(): ts.CompilerOptions {
  const { config } = ts.readConfigFile(BUILD_TSCONFIG, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(BUILD_TSCONFIG)).options;
}

function jestSwcOptions(): Options {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { projects } = require('../jest.config.js') as { projects: { transform: Record<string, [string, Options]> }[] };
  const transforms = projects.flatMap((project) => Object.values(project.transform));
  expect(new Set(transforms.map(([, options]) => JSON.stringify(options))).size).toBe(1);
  return transforms[0][1];
}

const byBuild = (source: string) =>
  ts.transpileModule(source, { compilerOptions: { ...buildCompilerOptions(), sourceMap: false } }).outputText;
const byJest = (source: string) =>
  transformSync(source, { ...jestSwcOptions(), filename: 'probe.ts', module: { type: 'commonjs' } }).code;

/** Runs compiled CommonJS and returns what it exports. */
function run(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
}

describe('the Jest transform and the production build', () => {
  it('agree that a field declared without an initialiser is an own property, as a DTO’s optional fields are', () => {
    const probe = `
      export class Dto { required!: string; optional?: number; defaulted = 1; }
      export const keys = Object.keys(new Dto());`;

    expect(run(byJest(probe)).keys).toEqual(run(byBuild(probe)).keys);
    // The build's meaning, spelled out, so that a change to tsconfig is a decision rather than an accident.
    expect(run(byBuild(probe)).keys).toEqual(['required', 'optional', 'defaulted']);
  });

  it('agree that a declared field shadows an accessor it inherits', () => {
    const probe = `
      class Base { seen: unknown[] = []; set value(v: unknown) { this.seen.push(v); } }
      class Derived extends Base { declare seen: unknown[]; value?: unknown; }
      const derived = new Derived();
      derived.value = 1;
      export const seen = derived.seen;
      export const own = Object.getOwnPropertyNames(derived);`;

    expect(run(byJest(probe))).toEqual(run(byBuild(probe)));
  });

  it('agree on the decorator metadata that validation and Swagger read', () => {
    const probe = `
      const Field = (): PropertyDecorator => () => undefined;
      export class Dto { @Field() count?: number; @Field() tags!: string[]; }
      export const types = ['count', 'tags'].map((key) => Reflect.getMetadata('design:type', Dto.prototype, key));`;

    expect(run(byJest(probe)).types).toEqual([Number, Array]);
    expect(run(byBuild(probe)).types).toEqual([Number, Array]);
  });

  it('compile for the same target: syntax the build leaves as written, Jest leaves as written', () => {
    const jestTarget = jestSwcOptions().jsc?.target;
    const buildTarget = ts.ScriptTarget[buildCompilerOptions().target!].toLowerCase();
    expect(jestTarget).toBe(buildTarget);

    // Each probe's syntax survives compilation only from its ES version on: both compilers keep it, or both lower it.
    const probes = [
      { source: 'export class A { #secret = 1; read() { return this.#secret; } }', syntax: '#secret' },
      { source: 'export class B { static { B.ready = true; } static ready = false; }', syntax: 'static {' },
      { source: 'export let a: number | undefined; a ??= 1;', syntax: '??=' },
      { source: 'export const b = (globalThis as { x?: { y: number } }).x?.y;', syntax: '?.' },
    ];
    for (const { source, syntax } of probes) {
      const kept = (output: string) => output.replace(/static\s*\{/g, 'static {').includes(syntax);
      expect({ source, kept: kept(byJest(source)) }).toEqual({ source, kept: kept(byBuild(source)) });
    }
  });
});

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** What `nest build` reads: the apps' and libs' sources (not their tests) and its configuration. */
function buildInputs(): string[] {
  const sources = ['apps', 'libs'].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => join(ROOT, folder, file)),
  );
  const configuration = ['tsconfig.json', 'nest-cli.json', 'apps/api/tsconfig.app.json', 'apps/cli/tsconfig.app.json'];
  return [...sources, ...configuration.map((file) => join(ROOT, file))];
}

/**
 * Why a bundle in dist/ is not a build of the sources as they are now (missing, or older than one of them), or
 * undefined when it is. Mtimes can be trusted because nest-cli.json's `deleteOutDir` makes every build write anew.
 */
export function staleBuild(output: string): string | undefined {
  if (!existsSync(output)) return `${relative(ROOT, output)} is missing`;
  const builtAt = statSync(output).mtimeMs;
  const newer = buildInputs().find((input) => statSync(input).mtimeMs > builtAt);
  return newer && `${relative(ROOT, output)} is older than ${relative(ROOT, newer)}`;
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'apps', 'cli', 'src', 'main.ts');
/** The CLI as `npm run build` emits it and users run it. */
export const BUILT_CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the operator CLI (from source, or `BUILT_CLI`) in a child process with these environment variables.
 * Asynchronous, so an API started by the test in this process keeps serving while the CLI talks to it or writes
 * beside it.
 */
export function runCli(
  args: readonly string[],
  environment: Readonly<Record<string, string>>,
  script = CLI,
): Promise<CliRun> {
  const compile = script.endsWith('.ts') ? ['-r', '@swc-node/register'] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...compile, script, ...args], {
      env: { ...process.env, ...environment },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({
        status,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

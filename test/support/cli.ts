import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'apps', 'cli', 'src', 'main.ts');
/** The CLI as `npm run build` emits it and users run it. */
export const BUILT_CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function outcome(child: ChildProcessWithoutNullStreams): Promise<CliRun> {
  return new Promise((resolve, reject) => {
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
  return outcome(spawn(process.execPath, [...compile, script, ...args], { env: { ...process.env, ...environment } }));
}

/**
 * Runs a command line as a user pastes it into a shell in `cwd`: with this process's environment, less the variables
 * that would point it at an installation the line does not name, plus what the user exported before.
 */
export function runPasted(line: string, cwd: string, exported: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  const environment = { ...process.env };
  delete environment.DATA_DIR;
  delete environment.AUTH_JWT_SECRET;
  return outcome(spawn('sh', ['-c', line], { cwd, env: { ...environment, ...exported } }));
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'apps', 'cli', 'src', 'main.ts');

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
 * Runs the operator CLI from source in a child process with these environment variables. Asynchronous, so an API
 * started by the test in this process keeps serving while the CLI talks to it or writes beside it.
 */
export function runCli(args: readonly string[], environment: Readonly<Record<string, string>>): Promise<CliRun> {
  return outcome(
    spawn(process.execPath, ['-r', '@swc-node/register', CLI, ...args], { env: { ...process.env, ...environment } }),
  );
}

/**
 * Runs a command line as a user pastes it into a shell in `cwd`: with this process's environment, less the variables
 * that would point it at an installation the line does not name.
 */
export function runPasted(line: string, cwd: string): Promise<CliRun> {
  const environment = { ...process.env };
  delete environment.DATA_DIR;
  delete environment.AUTH_JWT_SECRET;
  return outcome(spawn('sh', ['-c', line], { cwd, env: environment }));
}

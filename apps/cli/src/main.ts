import 'reflect-metadata';
import { ConfigurationError } from '@app/config';
import { CommandFactory } from 'nest-commander';

async function main(): Promise<void> {
  try {
    // Loaded here so an invalid configuration is reported, not thrown from a module import.
    const { CliModule } = await import('./cli.module');
    await CommandFactory.run(CliModule, { logger: ['warn', 'error'], errorHandler: fail, serviceErrorHandler: fail });
  } catch (error) {
    fail(error);
  }
}

/** Commander has already printed its own errors (and reports `--help` as one, with exit code 0). */
function fail(error: unknown): never {
  const { code, exitCode } = error as { code?: unknown; exitCode?: unknown };
  if (typeof code === 'string' && code.startsWith('commander.'))
    process.exit(typeof exitCode === 'number' ? exitCode : 1);
  console.error(error instanceof ConfigurationError || error instanceof Error ? error.message : String(error));
  process.exit(1);
}

void main();

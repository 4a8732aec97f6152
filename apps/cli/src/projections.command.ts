import { Inject } from '@nestjs/common';
import { Tokens } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { AdminApi } from './admin-api';
import { OPERATOR_SCOPE, operator } from './operator';
import { followRebuild } from './rebuild-progress';

/** Long enough for one request; every request signs its own. */
const TOKEN_TTL_SECONDS = 60;

interface AdminApiOptions {
  url?: string;
}

function printTable(rows: readonly (readonly (string | number)[])[]): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) => String(cell).padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    );
  }
}

/** A command that talks to the running API as an admin, with tokens signed by this installation's secret. */
abstract class AdminApiCommand extends CommandRunner {
  constructor(
    private readonly tokens: Tokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  protected adminApi(options: AdminApiOptions): AdminApi {
    const { subject, roles } = operator();
    return new AdminApi(options.url ?? `http://localhost:${this.config.port}`, () =>
      this.tokens.sign({ sub: subject, roles, hospitalId: OPERATOR_SCOPE }, TOKEN_TTL_SECONDS),
    );
  }

  @Option({ flags: '--url <base>', description: 'the running API’s base URL (default: http://localhost:$PORT)' })
  parseUrl(value: string): string {
    if (!URL.canParse(value)) throw new Error(`--url takes a URL such as http://localhost:3000; got ${value}`);
    return value;
  }
}

@SubCommand({
  name: 'status',
  description: 'Show each projection of the running API: version, status, position/head, lag, events/s, parked',
})
export class ProjectionsStatusCommand extends AdminApiCommand {
  async run(_: string[], options: AdminApiOptions): Promise<void> {
    const projections = await this.adminApi(options).projections();
    printTable([
      ['name', 'version', 'status', 'position/head', 'lag', 'events/s', 'parked'],
      ...projections.map((projection) => [
        projection.name,
        projection.version,
        projection.status,
        `${projection.position}/${projection.headPosition}`,
        projection.lag,
        projection.eventsPerSecond,
        projection.parked,
      ]),
    ]);
  }
}

@SubCommand({
  name: 'rebuild',
  arguments: '<name>',
  description:
    'Rebuild a projection of the running API from the whole log, showing progress; the old version serves until it is done',
})
export class ProjectionsRebuildCommand extends AdminApiCommand {
  async run([name]: string[], options: AdminApiOptions): Promise<void> {
    const api = this.adminApi(options);
    const { rebuildId } = await api.startRebuild(name, 'rebuild');
    await followRebuild(api, name, rebuildId);
  }
}

@SubCommand({
  name: 'retry-parked',
  arguments: '<name>',
  description:
    'Rebuild a projection of the running API re-applying every event, parked ones included, then list those still parked',
})
export class ProjectionsRetryParkedCommand extends AdminApiCommand {
  async run([name]: string[], options: AdminApiOptions): Promise<void> {
    const api = this.adminApi(options);
    const { rebuildId } = await api.startRebuild(name, 'retry-parked');
    const { parkedEvents } = await followRebuild(api, name, rebuildId);
    if (parkedEvents.length === 0) {
      console.log(`No events of ${name} remain parked`);
      return;
    }
    console.log(`Still parked (${parkedEvents.length}):`);
    printTable([
      ['position', 'streamId', 'type', 'parkedAt', 'error'],
      ...parkedEvents.map((event) => [event.position, event.streamId, event.type, event.parkedAt, event.error]),
    ]);
  }
}

@Command({
  name: 'projections',
  description: 'Read models of the running API (over HTTP): status, rebuild, retry parked events',
  subCommands: [ProjectionsStatusCommand, ProjectionsRebuildCommand, ProjectionsRetryParkedCommand],
})
export class ProjectionsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

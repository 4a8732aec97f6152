import { Injectable, Optional } from '@nestjs/common';
import type { CommitObserver } from '@app/event-store';
import { Projector, type ProjectionStatus } from '@app/read-models';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The route label of requests that matched no route: one value, however many URLs are probed. */
export const UNMATCHED_ROUTE = 'unmatched';

const PREFIX = 'partybuilding_';

/**
 * The product's own series, recorded where they happen. They live in a registry of this app, not prom-client's
 * global one, so that apps started one after another in a process (a restart in a test) never share a series or
 * a collector still bound to a closed app.
 */
@Injectable()
export class ProductMetrics implements CommitObserver {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Time from receiving a request to sending its response, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly eventsAppended = new Counter({
    name: `${PREFIX}events_appended_total`,
    help: 'Events written to the embedded event log (resent copies of stored events not counted)',
    registers: [this.registry],
  });

  private readonly commitBatchSize = new Histogram({
    name: `${PREFIX}event_store_commit_batch_appends`,
    help: 'Appends carried by one group commit of the embedded event log (one fsync each)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
    registers: [this.registry],
  });

  // Set before the server listens, by the start-up verification; then by each full verification an inspector runs.
  private readonly lastVerificationOk = new Gauge({
    name: `${PREFIX}audit_last_verification_ok`,
    help: 'Whether the latest full audit verification (at start-up, or an inspector’s) found the log whole: 1 yes, 0 no',
    registers: [this.registry],
  });

  private readonly lastVerificationProblems = new Gauge({
    name: `${PREFIX}audit_last_verification_problems`,
    help: 'Problems the latest full audit verification found (0 when whole)',
    registers: [this.registry],
  });

  private readonly lastVerificationTime = new Gauge({
    name: `${PREFIX}audit_last_verification_timestamp_seconds`,
    help: 'When the latest full audit verification finished, in Unix seconds',
    registers: [this.registry],
  });

  committed(appends: number, events: number): void {
    this.commitBatchSize.observe(appends);
    this.eventsAppended.inc(events);
  }

  verified({ ok, problems }: { readonly ok: boolean; readonly problems: readonly unknown[] }): void {
    this.lastVerificationOk.set(ok ? 1 : 0);
    this.lastVerificationProblems.set(problems.length);
    this.lastVerificationTime.setToCurrentTime();
  }
}

/**
 * Per-projection series, read at scrape time from what the admin projections API reports, so nothing is computed
 * twice and nothing runs between scrapes. Absent where the projector is not hosted (PROJECTIONS=off).
 */
@Injectable()
export class ProjectionMetrics {
  constructor(metrics: ProductMetrics, @Optional() projector?: Projector) {
    if (!projector) return;
    const { registry } = metrics;
    const fromStatus = (name: string, help: string, value: (status: ProjectionStatus) => number) =>
      new Gauge({
        name: `${PREFIX}projection_${name}`,
        help,
        labelNames: ['projection'] as const,
        registers: [registry],
        async collect() {
          for (const status of await projector.status()) this.set({ projection: status.name }, value(status));
        },
      });
    fromStatus('position', 'Log position up to which the projection has applied events', (s) => Number(s.position));
    fromStatus('lag', 'Log positions between the head and the projection', (s) => s.lag);
    fromStatus('parked_events', 'Events the projection could not apply, parked for an operator', (s) => s.parked);

    const fromRebuild = (name: string, help: string, value: 'processed' | 'total') =>
      new Gauge({
        name: `${PREFIX}projection_rebuild_${name}`,
        help,
        labelNames: ['projection'] as const,
        registers: [registry],
        collect() {
          for (const projection of projector.projectionNames()) {
            const progress = projector.rebuildProgress(projection);
            if (progress) this.set({ projection }, progress[value]);
          }
        },
      });
    fromRebuild('processed_events', 'Events the latest rebuild since start-up has read', 'processed');
    fromRebuild(
      'total_events',
      'Events the latest rebuild since start-up reads in all (estimated on EventStoreDB)',
      'total',
    );
  }
}

import { Global, Module } from '@nestjs/common';
import { COMMIT_OBSERVER } from '@app/event-store';
import { ProductMetrics, ProjectionMetrics } from './product-metrics';

/**
 * Global because the event store (its commit observer), the audit controller and the metrics endpoint, which
 * PrometheusModule declares in its own scope, all reach the product's series.
 */
@Global()
@Module({
  providers: [ProductMetrics, ProjectionMetrics, { provide: COMMIT_OBSERVER, useExisting: ProductMetrics }],
  exports: [ProductMetrics, COMMIT_OBSERVER],
})
export class MetricsModule {}

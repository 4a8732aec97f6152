import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsModule } from './metrics.module';

/** What operators and orchestrators call: liveness, readiness, metrics. */
@Module({
  imports: [
    TerminusModule.forRoot({ logger: false }),
    MetricsModule,
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } }),
  ],
  controllers: [HealthController],
})
export class OperationsModule {}

import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { register, Registry } from 'prom-client';
import { Public } from '@app/auth';
import { ProductMetrics } from './product-metrics';

/** Prometheus scrapes without a token, as the contract says, and is never rate-limited. */
@SkipThrottle()
@Public()
@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {
  constructor(private readonly metrics: ProductMetrics) {
    super();
  }

  /** The process's default series (prom-client's global registry) and this app's own. */
  @Get()
  override async index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    const registry = Registry.merge([register, this.metrics.registry]);
    void response.header('Content-Type', registry.contentType);
    return registry.metrics();
  }
}

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import helmet from '@fastify/helmet';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';
import { findPii } from '@app/domain';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { ProblemView, withRequiredFieldBodyExamples } from './http/api-docs';
import { acceptJsonBodiesOnly } from './http/json-body';
import { answerFrameworkError } from './http/problem-details.filter';
import { strictValidationPipe } from './http/validation';
import { ProductMetrics, UNMATCHED_ROUTE } from './operations/product-metrics';

export const BODY_LIMIT_BYTES = 256 * 1024;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * A client's X-Correlation-Id when it is well-formed, else a new one; it becomes the request id in every log line and
 * on every event. One holding patient data is replaced, not refused: the request itself may be fine.
 */
function correlationId(request: IncomingMessage): string {
  const given = request.headers['x-correlation-id'];
  return typeof given === 'string' && CORRELATION_ID.test(given) && findPii(given) === null ? given : randomUUID();
}

/** Builds the HTTP application exactly as production runs it; end-to-end tests use the same function. */
/** The bearer token's claims and the hospital scope they set, as the OpenAPI document tells clients. */
const TOKEN_CLAIMS = [
  "HS256 JWT signed with the installation's secret (`npm run cli -- token`), with `exp`, `sub` and `roles`",
  '(admin, secretary, assessor, inspector, reader; a secretary also `units`), and exactly one hospital scope:',
  '`hospitalId: "<id>"` for one hospital\'s staff, or `hospitalIds: ["<id>", …]` for a city-level (卫健委) reader,',
  'inspector or admin. A token with neither, both, or an empty list is refused (401 AUTH.UNAUTHENTICATED).',
  'Outside its scope a caller learns nothing: a hospital it names (query, path or body) is 403 AUTH.FORBIDDEN; a',
  "record it reaches by id (unit, member, meeting, follow-up, period, stream) is that record's 404; searches that",
  'name no hospital cover its hospitals only. Verification and seals run over the whole log but name only problems',
  'of its hospitals (others are counted in problemsElsewhere).',
].join(' ');

export async function createApp(
  config: AppConfig,
  options: { logger?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: correlationId,
    logger: false,
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    // Nest's parsers would read form bodies too; acceptJsonBodiesOnly registers the one parser this API has.
    bodyParser: false,
    logger: options.logger === false ? false : undefined,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  app.useGlobalPipes(strictValidationPipe());
  acceptJsonBodiesOnly(app);
  app.enableShutdownHooks();
  // The cast bridges two copies of fastify's types (platform-fastify pins its own); the plugin is the same at run time.
  await app.register(helmet as unknown as Parameters<typeof app.register>[0], {
    contentSecurityPolicy: {
      // Swagger UI's page styles itself inline; and the API is often served over plain HTTP inside the hospital.
      directives: { styleSrc: ["'self'", "'unsafe-inline'"], upgradeInsecureRequests: null },
    },
  });
  // Closed unless origins are configured: the API's callers are hospital systems, not arbitrary web pages.
  if (config.corsOrigins.length > 0) app.enableCors({ origin: [...config.corsOrigins] });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('X-Correlation-Id', request.id);
  });
  // A Fastify hook, not a Nest interceptor, whose per-request cost this API avoids (see RequestChecksModule). The
  // route template, never the URL, keeps the series' count bounded.
  const { httpRequestDuration } = app.get(ProductMetrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Party-building record API')
      .setDescription('Event-sourced record of hospital Party-building (党建) work')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: TOKEN_CLAIMS })
      .build(),
    { extraModels: [ProblemView] },
  );
  SwaggerModule.setup('docs', app, withRequiredFieldBodyExamples(document), { jsonDocumentUrl: 'docs-json' });
  return app;
}

import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { IdempotencyKeyReusedError, type EventStore } from '@app/event-store';
import { findIdempotencyKey, type ReadModelProgress, type ReadModelStore } from '@app/read-models';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from './problem';
import { requestFingerprint } from './request-fingerprint';

/**
 * A key reused for a different request on another stream: `handleCommand` catches reuse within the target stream
 * (where retries land), this catches it across streams, from the caller's key index, once that index has caught
 * up with the log.
 */
export class IdempotencyKeyGuard implements CanActivate {
  constructor(
    private readonly eventStore: EventStore,
    private readonly readModels: ReadModelStore,
    private readonly progress: ReadModelProgress,
    private readonly timeoutMs: number,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.principal) return true;
    await this.assertNotReused(request, request.principal.subject, key);
    return true;
  }

  private async assertNotReused(request: FastifyRequest, subject: string, key: string): Promise<void> {
    const head = await this.eventStore.headPosition();
    if (!(await this.progress.waitUntilCaughtUp(head, this.timeoutMs))) {
      throw new ProblemException('PROJECTION.LAGGING', 'The idempotency key index is behind the log; retry shortly');
    }
    const first = await findIdempotencyKey(this.readModels, subject, key);
    if (first && first.requestFingerprint !== requestFingerprint(request)) throw new IdempotencyKeyReusedError(key);
  }
}

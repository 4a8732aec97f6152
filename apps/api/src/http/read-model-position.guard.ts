import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ReadModelProgress } from '@app/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from './problem';

export const READ_MODEL_POSITION_HEADER = 'X-Read-Model-Position';
const POSITION = /^\d{1,30}$/;

/**
 * Read-your-writes for every read under /api: `minPosition` makes the request wait until the read models have
 * applied that position (else 503), and the response says which position it was served at.
 */
export class ReadModelPositionGuard implements CanActivate {
  constructor(
    private readonly progress: ReadModelProgress,
    private readonly timeoutMs: number,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest<{ Querystring: Record<string, unknown> }>>();
    if (request.method !== 'GET' || !request.url.startsWith('/api/')) return true;
    const position = await this.waitFor(request.query?.minPosition);
    void http.getResponse<FastifyReply>().header(READ_MODEL_POSITION_HEADER, position);
    return true;
  }

  private async waitFor(minPosition: unknown): Promise<string> {
    if (minPosition !== undefined) {
      if (typeof minPosition !== 'string' || !POSITION.test(minPosition)) {
        throw new ProblemException('VALIDATION.FAILED', 'minPosition must be a log position (a decimal string)', [
          { pointer: '/query/minPosition', detail: 'must be a decimal string of digits' },
        ]);
      }
      if (!(await this.progress.waitUntilCaughtUp(minPosition, this.timeoutMs))) {
        throw new ProblemException(
          'PROJECTION.LAGGING',
          `Read models did not reach position ${minPosition} within ${this.timeoutMs} ms`,
        );
      }
    }
    return this.progress.position();
  }
}

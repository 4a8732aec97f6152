import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@app/auth';
import type { HandleCommandOptions } from '@app/event-store';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from './problem';
import { requestFingerprint } from './request-fingerprint';

const IF_MATCH = /^"(\d{1,15})"$/;
const MAX_IDEMPOTENCY_KEY = 100;
/** Half of a UTF-16 pair on its own: no text, and the key's derived id (`newId`) cannot encode it. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What a write carries besides its body: the metadata every event records (actor, correlation, idempotency key)
 * and the revision pinned by `If-Match`.
 */
export const CommandContext = createParamDecorator((_: unknown, context: ExecutionContext): HandleCommandOptions => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { principal: Principal }>();
  const idempotencyKey = header(request, 'idempotency-key');
  if (
    idempotencyKey !== undefined &&
    (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY || LONE_SURROGATE.test(idempotencyKey))
  ) {
    throw new ProblemException('VALIDATION.FAILED', 'Idempotency-Key must be 1 to 100 characters of text', [
      { pointer: '/headers/idempotency-key', detail: 'must be 1 to 100 characters, no unpaired surrogate' },
    ]);
  }
  const ifMatch = header(request, 'if-match');
  const pinned = ifMatch === undefined ? undefined : IF_MATCH.exec(ifMatch)?.[1];
  if (ifMatch !== undefined && pinned === undefined) {
    throw new ProblemException('VALIDATION.FAILED', 'If-Match must be a quoted revision, e.g. "3"', [
      { pointer: '/headers/if-match', detail: 'must be a quoted revision' },
    ]);
  }
  return {
    metadata: {
      // The actor is always the verified token's, never a body field.
      actor: { subject: request.principal.subject, roles: request.principal.roles },
      correlationId: String(request.id),
      causationId: String(request.id),
      ...(idempotencyKey ? { idempotencyKey, requestFingerprint: requestFingerprint(request) } : {}),
    },
    ...(pinned !== undefined ? { expectedRevision: Number(pinned) } : {}),
  };
});

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

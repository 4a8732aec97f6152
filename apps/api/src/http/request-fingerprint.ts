import canonicalize from 'canonicalize';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';

/** What makes two requests "the same" for an Idempotency-Key: method, path and the body in canonical JSON (RFC 8785). */
export function requestFingerprint(request: FastifyRequest): string {
  const canonical = canonicalize(request.body ?? null) ?? 'null';
  return createHash('sha256').update(`${request.method} ${request.url}\n${canonical}`).digest('hex');
}

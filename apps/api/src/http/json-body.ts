import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isUtf8 } from 'node:buffer';
import { ProblemException } from './problem';

/**
 * Far deeper than any body of this API. Nest's validation and the request fingerprint walk a body recursively, so a
 * deeper one (256 KiB of `[` is 262,144 levels) would overflow the stack and answer 500.
 */
const MAX_NESTING = 32;

/**
 * Bodies are JSON in UTF-8, as the contract says, and nothing else: any other media type answers 415. Fastify's own
 * parser does the parsing (it refuses `__proto__` and `constructor.prototype` keys); this refuses what it would let
 * through: bytes that are not UTF-8 (decoded silently as U+FFFD) and nesting too deep to validate.
 */
export function acceptJsonBodiesOnly(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // No body at all, as clients send it with the content type still set (Swagger UI, `curl -H`), is no body, not
    // malformed JSON: the route then answers as it does without one (a command with no fields just runs).
    if ((body as Buffer).length === 0) return done(null, undefined);
    if (!isUtf8(body as Buffer)) {
      return done(new ProblemException('REQUEST.MALFORMED', 'The body is not valid UTF-8'), undefined);
    }
    // Fastify's parser reads a Buffer as well as a string, whatever its types say (Nest's own JSON parser relies on it).
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      if (nestedDeeperThan(value, MAX_NESTING)) {
        return done(
          new ProblemException(
            'REQUEST.MALFORMED',
            `The body nests arrays or objects deeper than ${MAX_NESTING} levels`,
          ),
          undefined,
        );
      }
      done(null, value);
    });
  });
}

/** Level by level rather than recursively, so that measuring a deep value cannot overflow the stack either. */
function nestedDeeperThan(value: unknown, maxLevels: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; ; depth++) {
    const containers = level.filter((item): item is object => typeof item === 'object' && item !== null);
    if (containers.length === 0) return false;
    if (depth === maxLevels) return true;
    level = containers.flatMap((container) => Object.values(container));
  }
}

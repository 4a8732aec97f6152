import { Module, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, seconds } from '@nestjs/throttler';
import { Tokens, bearerTokenOf } from '@app/auth';
import type { AppConfig } from '@app/config';
import { Socket } from 'node:net';

interface ThrottledRequest {
  readonly ip: string;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly raw: { readonly socket?: unknown };
}

/**
 * A client is the verified subject of its token, so hospital systems behind one NAT address each get their own
 * budget; a caller without a valid token is its IP, so floods of bad tokens are limited too. Only a verified
 * subject counts: a forged token naming someone else must not spend that one's budget.
 */
function clientOf(request: ThrottledRequest, tokens: Tokens): string {
  const token = bearerTokenOf(request.headers);
  if (token) {
    try {
      return `subject:${tokens.verify(token).subject}`;
    } catch {
      // Refused by AuthGuard right after; counted against the address meanwhile.
    }
  }
  return `ip:${request.ip}`;
}

/** Code in this process (the demo loader's `app.inject`) is not a network client; only sockets are limited. */
function isInProcess(context: ExecutionContext): boolean {
  return !(context.switchToHttp().getRequest<ThrottledRequest>().raw.socket instanceof Socket);
}

/**
 * `RATE_LIMIT_PER_MINUTE` requests per client per minute across the whole API; beyond it `429 RATE.LIMITED` with
 * `Retry-After`. Counted in this process: behind several instances each keeps its own count.
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    const limit = config.rateLimitPerMinute;
    if (limit === 0) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRootAsync({
          inject: [Tokens],
          useFactory: (tokens: Tokens) => ({
            throttlers: [{ ttl: seconds(60), limit }],
            getTracker: (request) => clientOf(request as ThrottledRequest, tokens),
            // One budget per client for the whole API, not one per route.
            generateKey: (_context, client, name) => `${name}:${client}`,
            skipIf: isInProcess,
            errorMessage: (_context, { timeToBlockExpire }) =>
              `More than ${limit} requests in a minute from this client; retry in ${timeToBlockExpire} s`,
          }),
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}

import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@app/domain';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import type { Principal, Role } from './principal';
import { Tokens, unauthenticated } from './tokens';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** The token of a well-formed `Authorization: Bearer …` header, else undefined. */
export function bearerTokenOf(headers: Readonly<Record<string, unknown>>): string | undefined {
  const header = headers.authorization;
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

/** Every route needs a valid bearer token unless it is `@Public()`; `@Roles()` narrows who may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: Tokens,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; principal?: Principal }>();
    const token = bearerTokenOf(request.headers);
    if (!token) throw unauthenticated('An Authorization: Bearer <token> header is required');
    const principal = this.tokens.verify(token);
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !principal.roles.some((role) => allowed.includes(role))) {
      throw new DomainError('AUTH.FORBIDDEN', `This needs one of the roles ${allowed.join(', ')}`);
    }
    return true;
  }
}

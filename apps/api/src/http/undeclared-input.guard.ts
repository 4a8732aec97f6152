import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import { isEmptyBody } from './empty-body.pipe';
import { ProblemException, type FieldProblem } from './problem';

/**
 * Strict validation refuses the unknown fields of a query or body that a route declares, but a route that declares
 * none would ignore whatever it is sent. Here a route under /api refuses the query and body it does not declare, but
 * `minPosition` on a read, which every read takes (ReadModelPositionGuard).
 */
export class UndeclaredInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.url.startsWith('/api/')) return true;
    const declared = declaredParameterTypes(context);
    const problems: FieldProblem[] = [];
    if (!declared.has(RouteParamtypes.QUERY)) {
      for (const key of Object.keys((request.query ?? {}) as object)) {
        if (key === 'minPosition' && (request.method === 'GET' || request.method === 'HEAD')) continue;
        problems.push({ pointer: `/query/${key}`, detail: `query parameter ${key} should not exist` });
      }
    }
    if (!declared.has(RouteParamtypes.BODY) && !isEmptyBody(request.body)) {
      problems.push({ pointer: '', detail: 'this route takes no body' });
    }
    if (problems.length > 0) {
      throw new ProblemException('VALIDATION.FAILED', 'The request has invalid or unknown fields', problems);
    }
    return true;
  }
}

/** Per handler: its decorators never change, so they are read once, not on every request. */
const declaredByHandler = new WeakMap<object, ReadonlySet<number>>();

/** What `@Query()`, `@Body()`, `@Param()`… record on a handler, keyed `<type>:<index>`. */
function declaredParameterTypes(context: ExecutionContext): ReadonlySet<number> {
  const handler = context.getHandler();
  let declared = declaredByHandler.get(handler);
  if (!declared) {
    const parameters: object = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {};
    declared = new Set(Object.keys(parameters).map((key) => Number(key.split(':')[0])));
    declaredByHandler.set(handler, declared);
  }
  return declared;
}

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError, findPii } from '@app/domain';
import { LRUCache } from 'lru-cache';
import { ROLES, type Principal, type Role, type TokenClaims } from './principal';

const ALGORITHM = 'HS256';
/** Clock skew tolerated between the issuer and this server. */
const CLOCK_TOLERANCE_SECONDS = 60;
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Distinct tokens remembered as verified; a caller sends the same one with every request. */
const VERIFIED_TOKENS = 10_000;

export const unauthenticated = (detail: string) => new DomainError('AUTH.UNAUTHENTICATED', detail);

/** Issues and verifies the API's bearer tokens: HS256 only, `exp` required. */
@Injectable()
export class Tokens {
  /**
   * Tokens verified before, by their text: a token's signature and claims never change, so a repeat only has its
   * `exp` checked again (with the same skew as jsonwebtoken), not its HMAC recomputed.
   */
  private readonly verified = new LRUCache<string, { principal: Principal; expiresAt: number }>({
    max: VERIFIED_TOKENS,
  });

  constructor(private readonly jwt: JwtService) {}

  sign(claims: TokenClaims, expiresInSeconds = 8 * 3600): string {
    const { sub, roles, units, hospitalId, hospitalIds } = claims;
    return this.jwt.sign(
      {
        sub,
        roles,
        ...(units?.length ? { units } : {}),
        ...(hospitalId !== undefined ? { hospitalId } : {}),
        ...(hospitalIds !== undefined ? { hospitalIds } : {}),
      },
      { algorithm: ALGORITHM, expiresIn: expiresInSeconds },
    );
  }

  verify(token: string): Principal {
    const known = this.verified.get(token);
    if (known && Math.floor(Date.now() / 1000) < known.expiresAt) return known.principal;
    let payload: Record<string, unknown>;
    try {
      payload = this.jwt.verify(token, { algorithms: [ALGORITHM], clockTolerance: CLOCK_TOLERANCE_SECONDS });
    } catch (error) {
      throw unauthenticated(`The bearer token is not valid: ${(error as Error).message}`);
    }
    const principal = principalFrom(payload);
    this.verified.set(token, { principal, expiresAt: (payload.exp as number) + CLOCK_TOLERANCE_SECONDS });
    return principal;
  }
}

function principalFrom(payload: Record<string, unknown>): Principal {
  const { sub, roles, units, exp } = payload;
  if (typeof exp !== 'number') throw unauthenticated('The bearer token has no exp claim');
  if (typeof sub !== 'string' || !ID.test(sub)) throw unauthenticated('The bearer token has no valid sub claim');
  // The subject is recorded as the actor of every event the token writes, and the log keeps what gets in.
  const subKind = findPii(sub);
  if (subKind) {
    throw unauthenticated(
      `The bearer token's sub holds a ${subKind.replace(/-/g, ' ')}; phone and ID numbers never enter the record`,
    );
  }
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((role) => ROLES.includes(role as Role))) {
    throw unauthenticated(`The bearer token's roles must be a non-empty list of ${ROLES.join(', ')}`);
  }
  if (
    units !== undefined &&
    !(Array.isArray(units) && units.every((unit) => typeof unit === 'string' && ID.test(unit)))
  ) {
    throw unauthenticated("The bearer token's units must be a list of unit ids");
  }
  return {
    subject: sub,
    roles: roles as Role[],
    units: (units as string[] | undefined) ?? [],
    hospitalIds: hospitalScopeOf(payload),
  };
}

/**
 * The token's hospital scope: `hospitalId` (one hospital) or `hospitalIds` (several, for city-level callers), exactly
 * one of them. A token without a scope would act for every hospital, so it is refused rather than read as "all".
 */
function hospitalScopeOf({ hospitalId, hospitalIds }: Record<string, unknown>): string[] {
  const isId = (value: unknown): value is string => typeof value === 'string' && ID.test(value);
  if (hospitalId !== undefined && hospitalIds !== undefined) {
    throw unauthenticated('The bearer token names its hospital scope twice: give hospitalId or hospitalIds, not both');
  }
  if (hospitalId !== undefined) {
    if (!isId(hospitalId)) throw unauthenticated("The bearer token's hospitalId is not a valid id");
    return [hospitalId];
  }
  if (hospitalIds !== undefined) {
    if (!Array.isArray(hospitalIds) || hospitalIds.length === 0 || !hospitalIds.every(isId)) {
      throw unauthenticated("The bearer token's hospitalIds must be a non-empty list of hospital ids");
    }
    return [...new Set(hospitalIds)];
  }
  throw unauthenticated(
    'The bearer token names no hospital scope: it needs a hospitalId claim (one hospital) or hospitalIds (several)',
  );
}

import type { TokenClaims } from '@app/auth';
import { DEMO_HOSPITAL_IDS } from '@app/demo';

/** Every hospital the e2e suites build, the demo city's included. */
export const TEST_HOSPITALS: readonly string[] = ['h1', 'h2', 'h3', 'h4', 'h9', 'h-busy', ...DEMO_HOSPITAL_IDS];

/** Claims whose hospital scope a test may leave out when the suite is not about tenancy. */
export type TestClaims = Omit<TokenClaims, 'hospitalId' | 'hospitalIds'> &
  Partial<Pick<TokenClaims, 'hospitalId' | 'hospitalIds'>>;

/**
 * A token acts for the hospitals it names; one that names none acts, as a city-level (卫健委) caller's would, for
 * every hospital the suites build, so suites about other rules are not refused for the scope they do not test.
 */
export function scoped(claims: TestClaims): TokenClaims {
  return claims.hospitalId !== undefined || claims.hospitalIds !== undefined
    ? claims
    : { ...claims, hospitalIds: TEST_HOSPITALS };
}

import type { TokenClaims } from '@app/auth';
import type { DemoCaller } from './demo-request';

/** Hospital admins enter their own organization; secretaries and assessors write as themselves. */
export function demoClaims(caller: DemoCaller): TokenClaims {
  switch (caller.role) {
    case 'admin':
      return { sub: `${caller.hospitalId}-admin`, roles: ['admin'], hospitalId: caller.hospitalId };
    case 'secretary':
      return { sub: caller.memberId, roles: ['secretary'], units: caller.units, hospitalId: caller.hospitalId };
    case 'assessor':
      return { sub: caller.memberId, roles: ['assessor'], hospitalId: caller.hospitalId };
  }
}

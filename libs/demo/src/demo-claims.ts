import type { TokenClaims } from '@app/auth';
import { PANJIN_HOSPITALS } from './city-directory';
import type { DemoCaller } from './demo-request';

/** Every hospital of the demo city: the scope of its city-level (市卫健委) admin, inspector and reader. */
export const DEMO_HOSPITAL_IDS: readonly string[] = PANJIN_HOSPITALS.map((hospital) => hospital.hospitalId);

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

export const ROLES = ['admin', 'secretary', 'assessor', 'inspector', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the verified token says. `subject` is the member id when the user is a Party member. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** Units a secretary may write for (a group counts through its branch). */
  readonly units: readonly string[];
  /**
   * The hospitals the caller acts for, never empty: one for a hospital's own staff (`hospitalId` claim), several for a
   * city-level 卫健委 reader, inspector or admin (`hospitalIds` claim). Nothing outside them is readable or writable.
   */
  readonly hospitalIds: readonly string[];
}

export interface TokenClaims {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly units?: readonly string[];
  /** Exactly one of `hospitalId` (one hospital) and `hospitalIds` (several) names the token's hospital scope. */
  readonly hospitalId?: string;
  readonly hospitalIds?: readonly string[];
}

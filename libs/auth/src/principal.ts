export const ROLES = ['admin', 'secretary', 'assessor', 'inspector', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the verified token says. `subject` is the member id when the user is a Party member. */
export interface Principal {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** Units a secretary may write for (a group counts through its branch). */
  readonly units: readonly string[];
  readonly hospitalId: string | null;
}

export interface TokenClaims {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly units?: readonly string[];
  readonly hospitalId?: string;
}

import type { OrgUnitKind } from './org-unit.events';

export type OrgUnitState =
  | { readonly status: 'unknown' }
  | { readonly status: 'active'; readonly kind: OrgUnitKind; readonly hospitalId: string }
  | {
      readonly status: 'dissolved';
      readonly kind: OrgUnitKind;
      readonly hospitalId: string;
      readonly dissolvedOn: string;
    };

export const initialOrgUnitState: OrgUnitState = { status: 'unknown' };

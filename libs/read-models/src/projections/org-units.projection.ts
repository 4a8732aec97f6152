import type { OrgUnitEvent, OrgUnitEstablished, OrgUnitKind } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import type { Filter, ReadModelStore } from '../read-model-store.port';

export interface OrgUnitDocument {
  readonly _id: string;
  readonly unitId: string;
  readonly kind: OrgUnitKind;
  readonly name: string;
  readonly hospitalId: string;
  readonly parentId: string | null;
  readonly category: OrgUnitEstablished['data']['category'];
  readonly timeZone: string;
  readonly status: 'active' | 'dissolved';
  readonly dissolvedOn: string | null;
}

export const orgUnitsProjection: Projection<OrgUnitDocument> = {
  name: 'org-units',
  version: 1,
  collection: 'org_units',
  indexes: [{ fields: ['hospitalId'] }, { fields: ['hospitalId', 'kind'] }, { fields: ['parentId'] }],
  handles: ['OrgUnitEstablished', 'OrgUnitDissolved'],
  documentIds: (event) => [(event.data as OrgUnitEvent['data']).unitId],
  evolve(document, recorded) {
    const event = recorded as RecordedEvent & OrgUnitEvent;
    switch (event.type) {
      case 'OrgUnitEstablished':
        return { _id: event.data.unitId, ...event.data, status: 'active', dissolvedOn: null };
      case 'OrgUnitDissolved':
        return document && { ...document, status: 'dissolved', dissolvedOn: event.data.effectiveOn };
    }
  },
};

export function findOrgUnit(readModels: ReadModelStore, unitId: string): Promise<OrgUnitDocument | null> {
  return readModels.collection<OrgUnitDocument>(orgUnitsProjection.collection).get(unitId);
}

export function listOrgUnits(
  readModels: ReadModelStore,
  query: { readonly hospitalId?: string; readonly hospitalIds?: readonly string[]; readonly kind?: OrgUnitKind },
): Promise<OrgUnitDocument[]> {
  const filter: Filter = {
    ...(query.hospitalId ? { hospitalId: query.hospitalId } : {}),
    ...(query.hospitalIds ? { hospitalId: { $in: [...query.hospitalIds] } } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
  };
  return readModels.collection<OrgUnitDocument>(orgUnitsProjection.collection).find(filter, { sort: { _id: 1 } });
}

/** Whether any unit, active or dissolved, was established in the hospital: how a hospital comes to exist. */
export async function hospitalExists(readModels: ReadModelStore, hospitalId: string): Promise<boolean> {
  const units = readModels.collection<OrgUnitDocument>(orgUnitsProjection.collection);
  return (await units.find({ hospitalId }, { limit: 1 })).length > 0;
}

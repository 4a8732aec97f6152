import type { AssessmentPeriodEvent, ScoreSheet, ScoringScheme } from '@app/domain';
import type { Projection } from '../projection';

/** An assessment period with its scheme and the latest sheet of each assessor for each branch. */
export interface AssessmentPeriodDocument {
  readonly _id: string;
  readonly periodId: string;
  readonly hospitalId: string;
  readonly schemeId: string;
  readonly scheme: ScoringScheme;
  readonly quarter: string;
  readonly closed: boolean;
  readonly sheets: readonly ScoreSheet[];
}

export const assessmentPeriodsProjection: Projection<AssessmentPeriodDocument> = {
  name: 'assessment-periods',
  version: 1,
  collection: 'assessment_periods',
  indexes: [{ fields: ['hospitalId'] }],
  handles: [
    'AssessmentPeriodOpened',
    'AssessmentScored',
    'AssessmentScoreCorrected',
    'AssessmentPeriodSchemeChanged',
    'AssessmentPeriodClosed',
  ],
  documentIds: (event) => [(event.data as AssessmentPeriodEvent['data']).periodId],
  evolve(document, recorded, id) {
    const event = { type: recorded.type, data: recorded.data } as AssessmentPeriodEvent;
    switch (event.type) {
      case 'AssessmentPeriodOpened': {
        const { periodId, hospitalId, schemeId, scheme, quarter } = event.data;
        return { _id: id, periodId, hospitalId, schemeId, scheme, quarter, closed: false, sheets: [] };
      }
      case 'AssessmentScored':
      case 'AssessmentScoreCorrected': {
        if (!document) return null;
        const { periodId, branchId, assessorId, items, bonuses, deductions } = event.data;
        const others = document.sheets.filter(
          (sheet) => sheet.branchId !== branchId || sheet.assessorId !== assessorId,
        );
        return { ...document, sheets: [...others, { periodId, branchId, assessorId, items, bonuses, deductions }] };
      }
      case 'AssessmentPeriodSchemeChanged':
        return document && { ...document, schemeId: event.data.schemeId, scheme: event.data.scheme };
      case 'AssessmentPeriodClosed':
        return document && { ...document, closed: true };
    }
  },
};

import type { FollowUpCompleted, FollowUpScheduled } from '@app/domain';
import type { Position } from '@app/event-store';
import type { Projection } from '../projection';
import type { ReadModelStore } from '../read-model-store.port';
import { listOrgUnits } from './org-units.projection';
import { rulesFor } from './hospital-policies.projection';

/** Longest delay counted day by day; later completions share the last slot (no window is that long). */
const LAST_DAY_SLOT = 61;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Follow-ups of one branch discharged in one month (in the branch's time zone). Completions are kept as a
 * histogram of whole days from discharge, so "on time" is judged at query time under the hospital's current
 * window: a policy change re-judges all history without a rebuild.
 */
export interface FollowUpStatsDocument {
  readonly _id: string;
  /**
   * The last event applied, which the projector would otherwise stamp on a copy: set by `evolve` itself, as most
   * follow-up events of a city's log update one of these.
   */
  readonly _position: Position;
  readonly hospitalId: string;
  readonly branchId: string;
  /** `YYYY-MM` of the discharge. */
  readonly month: string;
  readonly scheduled: number;
  readonly completed: number;
  /** `completedAfterDays[d]`: completions within d days (rounded up) of discharge. */
  readonly completedAfterDays: readonly number[];
  readonly satisfactionSum: number;
  readonly satisfactionCount: number;
}

type FollowUpData = FollowUpScheduled['data'] | FollowUpCompleted['data'];

export const followUpStatsProjection: Projection<FollowUpStatsDocument> = {
  name: 'follow-up-stats',
  version: 1,
  collection: 'follow_up_stats',
  indexes: [{ fields: ['hospitalId', 'month'] }],
  handles: ['FollowUpScheduled', 'FollowUpCompleted'],
  documentIds: (event) => {
    const { branchId, dischargedOn } = event.data as FollowUpData;
    return [`${branchId}:${dischargedOn.slice(0, 7)}`];
  },
  evolve(document, event, id) {
    const data = event.data as FollowUpData;
    const current: FollowUpStatsDocument = document ?? {
      _id: id,
      _position: event.position,
      hospitalId: data.hospitalId,
      branchId: data.branchId,
      month: data.dischargedOn.slice(0, 7),
      scheduled: 0,
      completed: 0,
      completedAfterDays: [],
      satisfactionSum: 0,
      satisfactionCount: 0,
    };
    if (event.type === 'FollowUpScheduled') {
      return { ...current, _position: event.position, scheduled: current.scheduled + 1 };
    }
    const { calledAt, dischargedAt, satisfaction } = data as FollowUpCompleted['data'];
    const days = Math.min(
      LAST_DAY_SLOT,
      Math.max(0, Math.ceil((Date.parse(calledAt) - Date.parse(dischargedAt)) / DAY_MS)),
    );
    const completedAfterDays = [...current.completedAfterDays];
    while (completedAfterDays.length <= days) completedAfterDays.push(0);
    completedAfterDays[days] += 1;
    return {
      ...current,
      _position: event.position,
      completed: current.completed + 1,
      completedAfterDays,
      satisfactionSum: current.satisfactionSum + (satisfaction ?? 0),
      satisfactionCount: current.satisfactionCount + (satisfaction === null ? 0 : 1),
    };
  },
};

export interface FollowUpReportItem {
  readonly branchId: string;
  readonly name: string;
  readonly scheduled: number;
  readonly completed: number;
  readonly completedOnTime: number;
  /** completed ÷ scheduled; null when nothing was scheduled. */
  readonly rate: number | null;
  readonly onTimeRate: number | null;
  readonly meanSatisfaction: number | null;
}

export interface FollowUpReport {
  readonly hospitalId: string;
  readonly month: string;
  readonly rulePack: string;
  readonly followUpWindowDays: number;
  readonly items: readonly FollowUpReportItem[];
}

/** Completion rate (completed ÷ scheduled) per branch over some discharge months; null where none were due. */
export async function followUpRates(
  readModels: ReadModelStore,
  hospitalId: string,
  months: readonly string[],
): Promise<Map<string, number | null>> {
  const stats = await readModels
    .collection<FollowUpStatsDocument>(followUpStatsProjection.collection)
    .find({ hospitalId, month: { $in: [...months] } });
  const totals = new Map<string, { scheduled: number; completed: number }>();
  for (const { branchId, scheduled, completed } of stats) {
    const total = totals.get(branchId) ?? { scheduled: 0, completed: 0 };
    totals.set(branchId, { scheduled: total.scheduled + scheduled, completed: total.completed + completed });
  }
  return new Map(
    [...totals].map(([branchId, { scheduled, completed }]) => [branchId, scheduled ? completed / scheduled : null]),
  );
}

/** 出院回访 by discharge month, per branch of the hospital, judged by the hospital's follow-up window. */
export async function followUpReport(
  readModels: ReadModelStore,
  hospitalId: string,
  month: string,
): Promise<FollowUpReport> {
  const [{ rulePack, policy }, branches, stats] = await Promise.all([
    rulesFor(readModels, hospitalId),
    listOrgUnits(readModels, { hospitalId, kind: 'branch' }),
    readModels.collection<FollowUpStatsDocument>(followUpStatsProjection.collection).find({ hospitalId, month }),
  ]);
  const byBranch = new Map(stats.map((document) => [document.branchId, document]));
  const window = policy.followUpWindowDays;
  return {
    hospitalId,
    month,
    rulePack: rulePack.id,
    followUpWindowDays: window,
    items: branches.map(({ unitId, name }) => {
      const document = byBranch.get(unitId);
      const scheduled = document?.scheduled ?? 0;
      const completed = document?.completed ?? 0;
      const completedOnTime = (document?.completedAfterDays ?? []).slice(0, window + 1).reduce((sum, n) => sum + n, 0);
      const satisfactionCount = document?.satisfactionCount ?? 0;
      return {
        branchId: unitId,
        name,
        scheduled,
        completed,
        completedOnTime,
        rate: scheduled ? completed / scheduled : null,
        onTimeRate: scheduled ? completedOnTime / scheduled : null,
        meanSatisfaction: satisfactionCount ? (document?.satisfactionSum ?? 0) / satisfactionCount : null,
      };
    }),
  };
}

import { activityWave } from './activities.requests';
import { assessmentWave } from './assessment.requests';
import { planCity, type DemoCityOptions, type DemoLandmarks } from './city.plan';
import type { DemoRequest, DemoWave } from './demo-request';
import { organizationWaves } from './organization.requests';

export interface DemoCity {
  readonly landmarks: DemoLandmarks;
  /** In dependency order: the organization, two years of activity, then the quarters' assessments. */
  readonly waves: readonly DemoWave[];
}

/** The demo city of 盘锦市卫健委 as the writes that build it: the same options always give the same requests. */
export function demoCity(options: DemoCityOptions): DemoCity {
  const plan = planCity(options);
  return {
    landmarks: plan.landmarks,
    waves: [...organizationWaves(plan.hospitals), activityWave(plan), assessmentWave(plan)],
  };
}

/** Every request of the city in wave and chain order. */
export function* demoRequests(city: DemoCity): Generator<DemoRequest> {
  for (const wave of city.waves) for (const chain of wave.chains()) yield* chain;
}

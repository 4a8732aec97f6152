import { JwtService } from '@nestjs/jwt';
import { resolveJwtSecret, Tokens } from '@app/auth';
import { demoLoadedOn, planCity, type DemoScale } from '@app/demo';
import { isMemberOfUnitOn } from '@app/domain';
import { openEventStore } from '@app/event-store';
import { join } from 'node:path';

export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

interface BranchWriter {
  readonly branchId: string;
  /** Its secretary's token: writes are scoped to the branch, as the demo's own are. */
  readonly headers: Readonly<Record<string, string>>;
  /** Who belonged to the branch on the bench day, by the domain's own rule. */
  readonly memberIds: readonly string[];
  readonly meetingBody: string;
}

const TOKEN_LIFETIME_SECONDS = 24 * 3600;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Commands the API accepts (201) and queries it answers, against a loaded demo city. Ids come from the demo's own
 * plan, rebuilt from the scale and the day the log was loaded, as the demo's tour does; every write is dated on the
 * last day of the city's history (in the past, with the membership the plan settled), and every follow-up attempt
 * goes to a follow-up this workload scheduled (the city holds only about a hundred open ones at scale `default`).
 */
export class CityWorkload {
  private constructor(
    /** Events in the log as loaded. */
    readonly events: number,
    /** The latest closed assessment period of the city's first hospital. */
    readonly closedPeriodId: string,
    private readonly benchDay: string,
    private readonly writers: readonly BranchWriter[],
    private readonly readerHeaders: Readonly<Record<string, string>>,
  ) {}

  static async open(dataDir: string, scale: DemoScale): Promise<CityWorkload> {
    const store = openEventStore({ kind: 'sqlite', filename: join(dataDir, 'events.sqlite') });
    const loadedOn = await demoLoadedOn(store);
    const events = Number(await store.headPosition());
    await store.close();
    if (!loadedOn) throw new Error(`${dataDir} holds no demo city`);

    const plan = planCity({ scale, today: loadedOn });
    const benchDay = new Date(Date.parse(plan.window.end) - DAY_MS).toISOString().slice(0, 10);
    const tokens = new Tokens(new JwtService({ secret: resolveJwtSecret({ authJwtSecret: undefined, dataDir }) }));
    const headersOf = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const writers = plan.hospitals.flatMap((hospital) =>
      hospital.branches.flatMap((branch): BranchWriter[] => {
        const memberIds = branch.members
          .filter((member) => isMemberOfUnitOn(member.record, { unitId: branch.unitId, kind: 'branch' }, benchDay, {}))
          .map((member) => member.memberId);
        if (memberIds.length === 0) return [];
        const claims = { sub: branch.secretaryId, roles: ['secretary' as const], units: [branch.unitId] };
        return [
          {
            branchId: branch.unitId,
            headers: headersOf(tokens.sign({ ...claims, hospitalId: branch.hospitalId }, TOKEN_LIFETIME_SECONDS)),
            memberIds,
            meetingBody: JSON.stringify({
              unitId: branch.unitId,
              kind: 'theme-day',
              heldAt: `${benchDay}T09:30:00+08:00`,
              topic: '主题党日：学习贯彻党的二十届三中全会精神',
              hostMemberId: memberIds[0],
              attendeeIds: memberIds,
              absentees: [],
            }),
          },
        ];
      }),
    );
    const reader = headersOf(
      tokens.sign(
        { sub: 'bench-reader', roles: ['reader'], hospitalIds: plan.hospitals.map(({ spec }) => spec.hospitalId) },
        TOKEN_LIFETIME_SECONDS,
      ),
    );
    return new CityWorkload(events, plan.landmarks.closedPeriodId, benchDay, writers, reader);
  }

  /** The n-th of the follow-ups that attempts go to, discharged on the bench day. */
  scheduleFollowUp(n: number): BenchRequest {
    const writer = this.writers[n % this.writers.length];
    return {
      method: 'POST',
      path: '/api/follow-ups',
      headers: writer.headers,
      body: JSON.stringify({
        followUpId: `bench-fu-${n}`,
        branchId: writer.branchId,
        patientRef: `BENCH-${n}`,
        dischargedAt: `${this.benchDay}T08:00:00+08:00`,
      }),
    };
  }

  /** Meetings and follow-up attempts in turn; attempts go to the first `followUps` scheduled. */
  command(n: number, followUps: number): BenchRequest {
    return n % 2 === 0 ? this.meeting(n >> 1) : this.attempt(n >> 1, followUps);
  }

  /** A theme day (主题党日) of a branch, attended by everyone who belonged; the server names it. */
  meeting(n: number): BenchRequest {
    const writer = this.writers[n % this.writers.length];
    return { method: 'POST', path: '/api/meetings', headers: writer.headers, body: writer.meetingBody };
  }

  /**
   * An unanswered call (`no-answer` leaves the follow-up open for the next), round robin over the first
   * `followUps` scheduled so that concurrent attempts never share a stream; the caller belongs to its branch.
   */
  attempt(n: number, followUps: number): BenchRequest {
    const followUp = n % followUps;
    const writer = this.writers[followUp % this.writers.length];
    const round = Math.floor(n / followUps);
    return {
      method: 'POST',
      path: `/api/follow-ups/bench-fu-${followUp}/attempts`,
      headers: writer.headers,
      body: JSON.stringify({
        callerMemberId: writer.memberIds[round % writer.memberIds.length],
        calledAt: `${this.benchDay}T15:00:00+08:00`,
        outcome: 'no-answer',
      }),
    };
  }

  rankingQuery(): BenchRequest {
    return {
      method: 'GET',
      path: `/api/rankings/branches?periodId=${this.closedPeriodId}&limit=20`,
      headers: this.readerHeaders,
    };
  }

  /** The cheapest read there is (one document by id), optionally waiting until the read models reach a position. */
  orgUnitRead(n: number, minPosition?: string): BenchRequest {
    const query = minPosition === undefined ? '' : `?minPosition=${minPosition}`;
    const { branchId } = this.writers[n % this.writers.length];
    return { method: 'GET', path: `/api/org-units/${branchId}${query}`, headers: this.readerHeaders };
  }
}

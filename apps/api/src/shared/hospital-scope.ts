import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { DomainError, orgUnitNotFound, type MemberRecord, type UnitFacts } from '@app/domain';
import { EVENT_STORE, type EventStore, type HandleCommandOptions, type RecordedEvent } from '@app/event-store';
import {
  hospitalExists,
  hospitalsWithPolicy,
  listOrgUnits,
  READ_MODEL_STORE,
  ReadModelProgress,
  type ReadModelStore,
} from '@app/read-models';
import { OrganizationFacts } from './organization-facts';

/** How long a command waits for the read models to reach the log's head before calling a hospital unknown. */
const HOSPITAL_LOOKUP_WAIT_MS = 5_000;

/**
 * Hospital tenancy, in one place: a token acts for the hospitals it names (`Principal.hospitalIds`), and nothing
 * outside them is read or written.
 * - A hospital the caller names itself (a query, a path, a command's body) outside its scope: 403 AUTH.FORBIDDEN.
 * - A record reached by id (a unit, member, meeting, follow-up, period, stream) of a hospital outside its scope: that
 *   record's own 404, exactly as if it did not exist, so the caller learns nothing.
 * - Units, assessors and callers a command names are resolved through here: outside the scope they resolve to null,
 *   and the decider refuses them as unknown; within it (a city-level token), one of another hospital than the
 *   record's is refused as such by the decider. (Attendees and lecturers are read as they are: the decider refuses
 *   any member not of the unit with one code, whatever its hospital.)
 * Secretaries also write only for the units of their `units` claim (a group counts through its branch); a claimed
 * unit of another hospital gives nothing, since the unit itself is out of reach. Admins write for their hospitals.
 */
@Injectable()
export class HospitalScope {
  constructor(
    private readonly facts: OrganizationFacts,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly progress: ReadModelProgress,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  covers(principal: Principal, hospitalId: string): boolean {
    return principal.hospitalIds.includes(hospitalId);
  }

  assertNamed(principal: Principal, hospitalId: string): void {
    assertHospitalNamed(principal, hospitalId);
  }

  /** The hospitals a list or search covers: the one it names (which must be in scope), else the whole scope. */
  confine(principal: Principal, hospitalId: string | undefined): readonly string[] {
    if (hospitalId === undefined) return principal.hospitalIds;
    this.assertNamed(principal, hospitalId);
    return [hospitalId];
  }

  /**
   * A record reached by id, of the hospital given (undefined or null: the record does not exist, or belongs to no
   * hospital): outside the scope, `notFound()` is thrown as if it did not exist.
   */
  assertReaches(principal: Principal, hospitalId: string | null | undefined, notFound: () => DomainError): void {
    if (hospitalId != null && !this.covers(principal, hospitalId)) throw notFound();
  }

  /**
   * The hospitals a search of the whole log covers (the audit trail): like `confine`, except that a token acting for
   * every hospital searching without naming one gets the whole log (undefined), log-wide records included.
   */
  async confineLog(principal: Principal, hospitalId: string | undefined): Promise<readonly string[] | undefined> {
    if (hospitalId === undefined && (await this.coversEveryHospital(principal))) return undefined;
    return this.confine(principal, hospitalId);
  }

  /**
   * Whether the token acts for every hospital the log names (by an org unit, or by a policy set before any unit): a
   * city-level caller, to which log-wide records (the seal chain, the record of who looked at the trail), naming
   * streams of every hospital, may be served whole.
   */
  async coversEveryHospital(principal: Principal): Promise<boolean> {
    const [units, policies] = await Promise.all([
      listOrgUnits(this.readModels, {}),
      hospitalsWithPolicy(this.readModels),
    ]);
    return [...units.map((unit) => unit.hospitalId), ...policies].every((hospitalId) =>
      this.covers(principal, hospitalId),
    );
  }

  /**
   * Whether the caller may see that the stream exists (its id, what was recorded in it): a stream of a hospital in
   * its scope, or one naming no hospital, as the audit routes read it.
   */
  async reachesStream(principal: Principal, streamId: string): Promise<boolean> {
    const hospitalId = hospitalOf(await this.eventStore.readStream(streamId));
    return hospitalId === undefined || this.covers(principal, hospitalId);
  }

  /** The unit as it stands, or null when it does not exist or is outside the caller's scope. */
  async unit(principal: Principal, unitId: string | null | undefined): Promise<UnitFacts | null> {
    const unit = await this.facts.unit(unitId);
    return unit && this.covers(principal, unit.hospitalId) ? unit : null;
  }

  /** The member as it stands, or null when it is not registered or is outside the caller's scope. */
  async member(principal: Principal, memberId: string | null | undefined): Promise<MemberRecord | null> {
    const member = await this.facts.member(memberId);
    return member && this.covers(principal, member.hospitalId) ? member : null;
  }

  /**
   * A member reached by id: outside the scope `notFound()`; an unregistered one is left to the decider. Whether it
   * was found, for `pinnedUnlessFound`.
   */
  async assertReachesMember(principal: Principal, memberId: string, notFound: () => DomainError): Promise<boolean> {
    const member = await this.facts.member(memberId);
    this.assertReaches(principal, member?.hospitalId, notFound);
    return member !== null;
  }

  /**
   * Writes for a unit: a unit outside the scope is `notFound()` (by default the unit's own 404); within it, an admin
   * writes, a secretary only for a unit its claim covers. An unknown unit is left to the decider (admins) or refused
   * (a secretary's claim cannot cover it).
   */
  async assertCanWrite(
    principal: Principal,
    unitId: string,
    notFound: () => DomainError = () => orgUnitNotFound(unitId),
  ): Promise<void> {
    const unit = await this.facts.unit(unitId);
    this.assertReaches(principal, unit?.hospitalId, notFound);
    if (principal.roles.includes('admin')) return;
    if (principal.roles.includes('secretary') && coveredBy(principal.units, unitId, unit)) return;
    throw new DomainError('AUTH.FORBIDDEN', `Writes for unit ${unitId} need a secretary of that unit or an admin`, {
      unitId,
    });
  }

  /**
   * Whether any org unit was ever established in the hospital. The read models may trail the log by a moment: a
   * hospital not found yet is looked up again once they have caught up with it, so one just established is known.
   */
  async hospitalKnown(hospitalId: string): Promise<boolean> {
    if (await hospitalExists(this.readModels, hospitalId)) return true;
    const caughtUp = await this.progress.waitUntilCaughtUp(
      await this.eventStore.headPosition(),
      HOSPITAL_LOOKUP_WAIT_MS,
    );
    return caughtUp && hospitalExists(this.readModels, hospitalId);
  }
}

/**
 * The options of a command on a record whose hospital was checked: a record not found then is left to the decider
 * to refuse, with the stream pinned empty, so one created meanwhile (in any hospital) is never written to unchecked.
 */
export function pinnedUnlessFound(context: HandleCommandOptions, found: boolean): HandleCommandOptions {
  return found ? context : { ...context, expectedRevision: 0 };
}

/** A stream's hospital: the first one its events name (its first event does, for every hospital's stream). */
export function hospitalOf(events: readonly RecordedEvent[]): string | undefined {
  for (const event of events) {
    const hospitalId = (event.data as { hospitalId?: unknown } | null)?.hospitalId;
    if (typeof hospitalId === 'string') return hospitalId;
  }
  return undefined;
}

/** A hospital the caller names explicitly (a query, a path, a command's body) must be one its token acts for. */
export function assertHospitalNamed(principal: Principal, hospitalId: string): void {
  if (principal.hospitalIds.includes(hospitalId)) return;
  throw new DomainError('AUTH.FORBIDDEN', `This token does not act for hospital ${hospitalId}`, { hospitalId });
}

function coveredBy(units: readonly string[], unitId: string, unit: UnitFacts | null): boolean {
  if (units.includes(unitId)) return true;
  return unit?.kind === 'group' && unit.parentId !== null && units.includes(unit.parentId);
}

import type { KeyObject } from 'node:crypto';
import { CHAIN_VERSION, chainHash, GENESIS_HASH } from '../hash-chain';
import { comparePositions, type RecordedEvent, type SealReference } from '../event-store.port';
import {
  AUDIT_SEALED,
  isSignedSeal,
  publicKeyFingerprint,
  sealDigest,
  signatureHolds,
  SEAL_STREAM_ID,
  type AuditSealedData,
  type SealedHead,
  type SignedSeal,
} from './seal';

export type VerificationCode =
  | 'HASH_MISMATCH'
  | 'CHAIN_BROKEN'
  | 'STREAM_TRUNCATED'
  | 'STREAM_MISSING'
  | 'SEAL_DIGEST_MISMATCH'
  | 'SEAL_SIGNATURE_INVALID'
  | 'SEAL_CHAIN_BROKEN'
  | 'SEAL_MISSING';

export interface VerificationProblem {
  readonly streamId: string;
  readonly revision?: number;
  readonly code: VerificationCode;
  /** For `SEAL_MISSING`: the sequence of the seal that later events name but the seal stream lacks. */
  readonly sealSequence?: number;
}

export interface VerificationReport {
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly ok: boolean;
  /** The seal the log was compared with; null when there is none yet. */
  readonly sealId: string | null;
  /** Its place in the signed seal chain; null for none or a seal written before seals were signed. */
  readonly sealSequence: number | null;
  /** Events after this position were checked (`"0"`: the whole log). */
  readonly fromPosition: string;
  readonly problems: readonly VerificationProblem[];
}

/**
 * The seal stream checked on its own, before the log is read:
 * - `SEAL_DIGEST_MISMATCH`: a seal's digest no longer matches its content, or no seal has the digest the inspector
 *   kept off the system;
 * - `SEAL_SIGNATURE_INVALID`: a signed seal whose Ed25519 signature does not verify under the public key (forged), or
 *   an unsigned one after the first signed seal;
 * - `SEAL_CHAIN_BROKEN`: a seal that does not follow the one before it (sequence and `previous` digest): one deleted,
 *   reordered or inserted.
 * The log is compared with the seal whose digest the inspector gives, else the newest seal that holds.
 */
export class SealChain {
  readonly problems: VerificationProblem[] = [];
  /** Signed seals that hold, by sequence. */
  private readonly valid = new Map<number, SignedSeal>();
  readonly compared: AuditSealedData | null;
  /** The seal stream's last event at or before the compared seal's position, for a verification that starts there. */
  readonly sealEventsBefore: RecordedEvent | undefined;
  readonly empty: boolean;

  constructor(sealEvents: readonly RecordedEvent[], publicKey: KeyObject, expectedDigest?: string) {
    const fingerprint = publicKeyFingerprint(publicKey);
    const seals = sealEvents.filter((event) => event.type === AUDIT_SEALED);
    this.empty = sealEvents.length === 0;
    let previous: SignedSeal | null = null;
    let newestLegacy: AuditSealedData | null = null;
    for (const event of seals) {
      const seal = event.data as AuditSealedData;
      const at = { streamId: SEAL_STREAM_ID, revision: event.revision };
      const digestHolds = sealDigest(seal) === seal.digest;
      if (!digestHolds) this.problems.push({ ...at, code: 'SEAL_DIGEST_MISMATCH' });
      if (!isSignedSeal(seal)) {
        if (previous) this.problems.push({ ...at, code: 'SEAL_SIGNATURE_INVALID' });
        else newestLegacy = seal;
        continue;
      }
      const signed = seal.keyId === fingerprint && signatureHolds(seal, publicKey);
      if (digestHolds && !signed) this.problems.push({ ...at, code: 'SEAL_SIGNATURE_INVALID' });
      if (seal.sequence !== (previous?.sequence ?? 0) + 1 || seal.previous !== (previous?.digest ?? null))
        this.problems.push({ ...at, code: 'SEAL_CHAIN_BROKEN' });
      if (digestHolds && signed) this.valid.set(seal.sequence, seal);
      previous = seal;
    }
    const all = seals.map((event) => event.data as AuditSealedData);
    const newestValid = [...this.valid.values()].reduce<SignedSeal | null>(
      (newest, seal) => (newest && newest.sequence > seal.sequence ? newest : seal),
      null,
    );
    this.compared =
      expectedDigest !== undefined
        ? (all.find((seal) => seal.digest === expectedDigest) ?? newestValid ?? newestLegacy)
        : (newestValid ?? newestLegacy);
    if (expectedDigest !== undefined && this.compared?.digest !== expectedDigest)
      this.problems.push({ streamId: SEAL_STREAM_ID, code: 'SEAL_DIGEST_MISMATCH' });
    const startsAt = this.startPosition();
    this.sealEventsBefore = sealEvents.filter((event) => comparePositions(event.position, startsAt) <= 0).at(-1);
  }

  /** Whether a signed seal that holds is the one the reference names. */
  holds(reference: SealReference): boolean {
    return this.valid.get(reference.sequence)?.digest === reference.digest;
  }

  /** Where a verification relying on the compared seal starts: its position, or the log's start. */
  startPosition(): string {
    return this.compared && isSignedSeal(this.compared) ? this.compared.position : '0';
  }
}

/**
 * Recomputes every stream's hash chain from the log, in global order and in constant memory per stream, and
 * compares the heads with a seal:
 * - `HASH_MISMATCH`: an event's content no longer gives its hash (altered, under any chain version), or a sealed
 *   head's hash differs;
 * - `CHAIN_BROKEN`: an event does not follow the one before it (one removed or reordered);
 * - `STREAM_TRUNCATED`: a stream ends below the revision sealed;
 * - `STREAM_MISSING`: a sealed stream is gone, or the seal stream is while events name seals;
 * - `SEAL_MISSING`: events name a seal the seal stream does not hold (deleted, or the seal stream rolled back);
 * and the seal chain's own problems (see `SealChain`).
 * Started at the compared seal's position (`fromSeal`), it trusts the seal's heads as the chains' starting points.
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private readonly sealed: Map<string, { revision: number; hash: string }>;
  private readonly problems: VerificationProblem[] = [];
  private readonly missingSeals = new Set<number>();
  private readonly fromPosition: string;
  private events = 0;

  constructor(
    private readonly seals: SealChain,
    options: { readonly fromSeal?: boolean } = {},
  ) {
    const seal = seals.compared;
    this.sealed = new Map((seal?.streams ?? []).map(({ streamId, revision, hash }) => [streamId, { revision, hash }]));
    this.problems.push(...seals.problems);
    this.fromPosition = options.fromSeal ? seals.startPosition() : '0';
    if (this.fromPosition !== '0') {
      for (const [streamId, head] of this.sealed) this.heads.set(streamId, head);
      const sealHead = seals.sealEventsBefore;
      if (sealHead) this.heads.set(SEAL_STREAM_ID, { revision: sealHead.revision, hash: sealHead.hash });
    }
  }

  /** Where the log is to be read from: events strictly after this position. */
  get startPosition(): string {
    return this.fromPosition;
  }

  /** Feed events in global log order. */
  check(event: RecordedEvent): void {
    this.events += 1;
    const head = this.heads.get(event.streamId) ?? { revision: 0, hash: GENESIS_HASH };
    const { streamId, revision } = event;
    if (revision !== head.revision + 1 || event.prevHash !== head.hash)
      this.problems.push({ streamId, revision, code: 'CHAIN_BROKEN' });
    if (!hashHolds(event)) this.problems.push({ streamId, revision, code: 'HASH_MISMATCH' });
    const sealed = this.sealed.get(streamId);
    if (sealed?.revision === revision && sealed.hash !== event.hash)
      this.problems.push({ streamId, revision, code: 'HASH_MISMATCH' });
    if (event.sealRef && !this.seals.holds(event.sealRef)) this.missingSeals.add(event.sealRef.sequence);
    this.heads.set(streamId, { revision, hash: event.hash });
  }

  report(): VerificationReport {
    const problems = [...this.problems];
    for (const [streamId, sealed] of this.sealed) {
      const head = this.heads.get(streamId);
      if (!head) problems.push({ streamId, code: 'STREAM_MISSING' });
      else if (head.revision < sealed.revision)
        problems.push({ streamId, revision: head.revision, code: 'STREAM_TRUNCATED' });
    }
    if (this.missingSeals.size > 0 && this.seals.empty)
      problems.push({ streamId: SEAL_STREAM_ID, code: 'STREAM_MISSING' });
    else
      for (const sealSequence of [...this.missingSeals].sort((a, b) => a - b))
        problems.push({ streamId: SEAL_STREAM_ID, code: 'SEAL_MISSING', sealSequence });
    const seal = this.seals.compared;
    return {
      streamsChecked: this.heads.size,
      eventsChecked: this.events,
      ok: problems.length === 0,
      sealId: seal?.sealId ?? null,
      sealSequence: seal && isSignedSeal(seal) ? seal.sequence : null,
      fromPosition: this.fromPosition,
      problems,
    };
  }

  /** Each stream's head as verified so far, for sealing. */
  verifiedHeads(): SealedHead[] {
    return [...this.heads].map(([streamId, head]) => ({ streamId, ...head }));
  }
}

/** An event whose version is unknown (a tampered marker) cannot give its hash. */
function hashHolds(event: RecordedEvent): boolean {
  const version = event.chainVersion ?? 1;
  return (version === 1 || version === CHAIN_VERSION) && chainHash(event.prevHash, event) === event.hash;
}

import { chainHash, GENESIS_HASH } from '../hash-chain';
import type { RecordedEvent } from '../event-store.port';
import { sealDigest, SEAL_STREAM_ID, type AuditSealedData } from './seal';

export type VerificationCode =
  'HASH_MISMATCH' | 'CHAIN_BROKEN' | 'STREAM_TRUNCATED' | 'STREAM_MISSING' | 'SEAL_DIGEST_MISMATCH';

export interface VerificationProblem {
  readonly streamId: string;
  readonly revision?: number;
  readonly code: VerificationCode;
}

export interface VerificationReport {
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly ok: boolean;
  /** The seal the log was compared with; null when there is none yet. */
  readonly sealId: string | null;
  readonly problems: readonly VerificationProblem[];
}

/**
 * Recomputes every stream's hash chain from the log, in global order and in constant memory per stream, and
 * compares the heads with a seal:
 * - `HASH_MISMATCH`: an event's content no longer gives its hash (altered), or a sealed head's hash differs;
 * - `CHAIN_BROKEN`: an event does not follow the one before it (one removed or reordered);
 * - `STREAM_TRUNCATED`: a stream ends below the revision sealed;
 * - `STREAM_MISSING`: a sealed stream is gone;
 * - `SEAL_DIGEST_MISMATCH`: the seal does not match the digest kept off the system (the seal itself was altered).
 */
export class ChainVerifier {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private readonly sealed: Map<string, { revision: number; hash: string }>;
  private readonly problems: VerificationProblem[] = [];
  private events = 0;

  /**
   * @param seal the seal to compare with: the one the digest kept off the system names, else the newest.
   * @param expectedDigest that digest, when the inspector gives it: no seal matching it means the seals were
   *   altered or removed.
   */
  constructor(
    private readonly seal: AuditSealedData | null,
    expectedDigest?: string,
  ) {
    this.sealed = new Map((seal?.streams ?? []).map(({ streamId, revision, hash }) => [streamId, { revision, hash }]));
    const sealAltered = seal !== null && sealDigest(seal.streams) !== seal.digest;
    const digestUnmatched = expectedDigest !== undefined && seal?.digest !== expectedDigest;
    if (sealAltered || digestUnmatched) this.problems.push({ streamId: SEAL_STREAM_ID, code: 'SEAL_DIGEST_MISMATCH' });
  }

  /** Feed events in global log order. */
  check(event: RecordedEvent): void {
    this.events += 1;
    const head = this.heads.get(event.streamId) ?? { revision: 0, hash: GENESIS_HASH };
    const { streamId, revision } = event;
    if (revision !== head.revision + 1 || event.prevHash !== head.hash)
      this.problems.push({ streamId, revision, code: 'CHAIN_BROKEN' });
    if (chainHash(event.prevHash, event) !== event.hash)
      this.problems.push({ streamId, revision, code: 'HASH_MISMATCH' });
    const sealed = this.sealed.get(streamId);
    if (sealed?.revision === revision && sealed.hash !== event.hash)
      this.problems.push({ streamId, revision, code: 'HASH_MISMATCH' });
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
    return {
      streamsChecked: this.heads.size,
      eventsChecked: this.events,
      ok: problems.length === 0,
      sealId: this.seal?.sealId ?? null,
      problems,
    };
  }

  /** Each stream's head as verified so far, for sealing. */
  verifiedHeads(): { streamId: string; revision: number; hash: string }[] {
    return [...this.heads].map(([streamId, head]) => ({ streamId, ...head }));
  }
}

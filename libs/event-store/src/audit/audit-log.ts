import { DomainError } from '@app/domain';
import type { KeyObject } from 'node:crypto';
import type { EventMetadata, EventStore, Position, RecordedEvent } from '../event-store.port';
import { ChainVerifier, SealChain, type VerificationReport } from './chain-verifier';
import { AUDIT_SEALED, isSignedSeal, SEAL_STREAM_ID, signSeal, type AuditSealedData } from './seal';
import type { AuditSigningKey } from './signing-key';

const PAGE = 5000;

export interface VerifyOptions {
  /** The public key seals must be signed with: the inspector's copy, else the server's own. */
  readonly publicKey: KeyObject;
  /** The seal digest kept off the system: the log is compared with that seal, and its absence is reported. */
  readonly expectedDigest?: string;
  /** Check only what was appended after the newest seal, trusting its heads (the start-up check); else everything. */
  readonly sinceLatestSeal?: boolean;
}

/** The seal chain as stored, checked under the public key. */
export async function readSealChain(
  store: EventStore,
  publicKey: KeyObject,
  expectedDigest?: string,
): Promise<SealChain> {
  return new SealChain(await store.readStream(SEAL_STREAM_ID), publicKey, expectedDigest);
}

/** Reads the log once (from the newest seal on, with `sinceLatestSeal`), recomputing every chain, and checks the seals. */
export async function verifyLog(store: EventStore, options: VerifyOptions): Promise<VerificationReport> {
  const seals = await readSealChain(store, options.publicKey, options.expectedDigest);
  const { verifier } = await scan(store, new ChainVerifier(seals, { fromSeal: options.sinceLatestSeal }));
  return verifier.report();
}

/**
 * One stream, as the caller read it, checked against the newest seal that holds: its chain, the sealed head's hash,
 * truncation below the sealed revision, and the seals its events name. The seal chain's own problems are included.
 */
export async function verifyStream(
  store: EventStore,
  streamId: string,
  events: readonly RecordedEvent[],
  publicKey: KeyObject,
): Promise<VerificationReport> {
  const seals = await readSealChain(store, publicKey);
  const verifier = new ChainVerifier(seals);
  for (const event of events) verifier.check(event);
  const report = verifier.report();
  // The report names every sealed stream this stream is not; only this one's are about it.
  const problems = report.problems.filter(
    (problem) =>
      problem.streamId === streamId || (problem.streamId === SEAL_STREAM_ID && problem.code !== 'STREAM_MISSING'),
  );
  return { ...report, streamsChecked: 1, ok: problems.length === 0, problems };
}

export interface SealResult {
  readonly sealId: string;
  readonly sequence: number;
  /** The seal event's own position in the log. */
  readonly position: Position;
  readonly digest: string;
  readonly streams: number;
}

/**
 * Seals the log as it stands: every stream's head revision and hash, the position they were read up to, and the
 * previous seal's digest, signed with the audit signing key and appended as `AuditSealed` to the seal stream.
 * Only what was appended after the newest seal is read again (the seal before vouches for the rest); a log that
 * does not verify is not sealed, so a seal never vouches for tampering.
 */
export async function sealLog(
  store: EventStore,
  sealId: string,
  metadata: EventMetadata,
  key: AuditSigningKey,
): Promise<SealResult> {
  const sealEvents = await store.readStream(SEAL_STREAM_ID);
  const seals = new SealChain(sealEvents, key.publicKey);
  const { verifier, position } = await scan(store, new ChainVerifier(seals, { fromSeal: true }));
  const report = verifier.report();
  if (!report.ok) {
    throw new DomainError(
      'AUDIT.LOG_NOT_INTACT',
      `The log fails verification (${report.problems.length} problems); verify it first`,
      { problems: report.problems.slice(0, 20) },
    );
  }
  const previous =
    sealEvents
      .map((event) => event.data as AuditSealedData)
      .filter(isSignedSeal)
      .at(-1) ?? null;
  const seal = signSeal(
    { sealId, sealedAt: new Date().toISOString(), position, streams: verifier.verifiedHeads() },
    previous,
    key,
  );
  const result = await store.appendToStream(SEAL_STREAM_ID, [{ type: AUDIT_SEALED, data: seal, metadata }], {
    expectedRevision: sealEvents.length,
  });
  return {
    sealId,
    sequence: seal.sequence,
    position: result.position,
    digest: seal.digest,
    streams: seal.streams.length,
  };
}

/** Feeds the verifier the log after its start position; returns the last position read. */
async function scan(
  store: EventStore,
  verifier: ChainVerifier,
): Promise<{ verifier: ChainVerifier; position: Position }> {
  let position: Position = verifier.startPosition;
  for (;;) {
    const page = await store.readAll({ fromPosition: position, limit: PAGE });
    if (page.length === 0) return { verifier, position };
    for (const event of page) verifier.check(event);
    position = page[page.length - 1].position;
  }
}

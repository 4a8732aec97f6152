import { DomainError } from '@app/domain';
import type { EventMetadata, EventStore, Position } from '../event-store.port';
import { ChainVerifier, type VerificationReport } from './chain-verifier';
import { AUDIT_SEALED, sealOf, SEAL_STREAM_ID, type AuditSealedData } from './seal';

const PAGE = 5000;

/** The seal with the given digest (an older one is as good as the newest), else the newest; null before the first. */
export async function latestSeal(store: EventStore, digest?: string): Promise<AuditSealedData | null> {
  const seals = (await store.readStream(SEAL_STREAM_ID))
    .filter((event) => event.type === AUDIT_SEALED)
    .map((event) => event.data as AuditSealedData);
  return seals.find((seal) => digest !== undefined && seal.digest === digest) ?? seals.at(-1) ?? null;
}

/** Reads the whole log once, recomputing every chain, and compares it with the newest seal. */
export async function verifyLog(
  store: EventStore,
  options: { readonly expectedDigest?: string } = {},
): Promise<VerificationReport> {
  const verifier = await scan(
    store,
    new ChainVerifier(await latestSeal(store, options.expectedDigest), options.expectedDigest),
  );
  return verifier.report();
}

/**
 * Seals the log as it stands: every stream's head revision and hash, and a digest over them, appended as
 * `AuditSealed` to the seal stream. A log that does not verify is not sealed, so a seal never vouches for
 * tampering that happened before it.
 */
export async function sealLog(
  store: EventStore,
  sealId: string,
  metadata: EventMetadata,
): Promise<{ sealId: string; position: Position; digest: string; streams: number }> {
  const previousSeals = await store.readStream(SEAL_STREAM_ID);
  const verifier = await scan(store, new ChainVerifier(await latestSeal(store)));
  const report = verifier.report();
  if (!report.ok) {
    throw new DomainError(
      'AUDIT.LOG_NOT_INTACT',
      `The log fails verification (${report.problems.length} problems); verify it first`,
      {
        problems: report.problems.slice(0, 20),
      },
    );
  }
  const seal = sealOf(sealId, verifier.verifiedHeads());
  const result = await store.appendToStream(SEAL_STREAM_ID, [{ type: AUDIT_SEALED, data: seal, metadata }], {
    expectedRevision: previousSeals.length,
  });
  return { sealId, position: result.position, digest: seal.digest, streams: seal.streams.length };
}

async function scan(store: EventStore, verifier: ChainVerifier): Promise<ChainVerifier> {
  let position: Position = '0';
  for (;;) {
    const page = await store.readAll({ fromPosition: position, limit: PAGE });
    if (page.length === 0) return verifier;
    for (const event of page) verifier.check(event);
    position = page[page.length - 1].position;
  }
}

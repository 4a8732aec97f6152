/**
 * Re-verifies an NDJSON audit export following only the README's recipe, with nothing from this codebase: a
 * hand-written RFC 8785 serializer and node's SHA-256. It is what an inspector's own tool would do.
 */
import { createHash } from 'node:crypto';

const GENESIS = '0'.repeat(64);

/** RFC 8785 for the JSON an export holds: keys sorted by UTF-16 code units, no whitespace, ECMAScript numbers. */
function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(',')}}`;
}

interface ExportedEvent {
  eventId: string;
  streamId: string;
  revision: number;
  position: string;
  type: string;
  data: unknown;
  metadata: { recordedAt?: string; actor?: unknown };
  createdAt: string;
  prevHash: string;
  hash: string;
  chainVersion?: number;
  sealRef?: unknown;
}

/** What the README says each chain version covers. */
function covered(event: ExportedEvent): unknown {
  if ((event.chainVersion ?? 1) === 1)
    return {
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      data: event.data,
      recordedAt: event.metadata.recordedAt,
      actor: event.metadata.actor ?? null,
    };
  // Version 2: the exported event as a whole, but for its position and its two hashes.
  const { position: _position, prevHash: _prevHash, hash: _hash, ...rest } = event;
  return { ...rest, sealRef: event.sealRef ?? null };
}

/** The broken links of each stream in the export, as `streamId@revision`; empty when everything verifies. */
export function verifyNdjsonExport(ndjson: string): { events: number; broken: string[] } {
  const heads = new Map<string, string>();
  const broken: string[] = [];
  const lines = ndjson.split('\n').filter((line) => line.length > 0);
  for (const line of lines) {
    const event = JSON.parse(line) as ExportedEvent;
    const expectedPrev = heads.get(event.streamId) ?? GENESIS;
    const hash = createHash('sha256')
      .update(expectedPrev + jcs(covered(event)), 'utf8')
      .digest('hex');
    if (event.prevHash !== expectedPrev || event.hash !== hash) broken.push(`${event.streamId}@${event.revision}`);
    heads.set(event.streamId, event.hash);
  }
  return { events: lines.length, broken };
}

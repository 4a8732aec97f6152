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
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: { recordedAt?: string; actor?: unknown };
  prevHash: string;
  hash: string;
}

/** The broken links of each stream in the export, as `streamId@revision`; empty when everything verifies. */
export function verifyNdjsonExport(ndjson: string): { events: number; broken: string[] } {
  const heads = new Map<string, string>();
  const broken: string[] = [];
  const lines = ndjson.split('\n').filter((line) => line.length > 0);
  for (const line of lines) {
    const event = JSON.parse(line) as ExportedEvent;
    const expectedPrev = heads.get(event.streamId) ?? GENESIS;
    const covered = {
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      data: event.data,
      recordedAt: event.metadata.recordedAt,
      actor: event.metadata.actor ?? null,
    };
    const hash = createHash('sha256')
      .update(expectedPrev + jcs(covered), 'utf8')
      .digest('hex');
    if (event.prevHash !== expectedPrev || event.hash !== hash) broken.push(`${event.streamId}@${event.revision}`);
    heads.set(event.streamId, event.hash);
  }
  return { events: lines.length, broken };
}

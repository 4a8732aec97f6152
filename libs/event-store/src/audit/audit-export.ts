import type { RecordedEvent } from '../event-store.port';

/** UTF-8 byte order mark: Excel and WPS then open the CSV as UTF-8, Chinese text intact. */
export const UTF8_BOM = '\uFEFF';

export const CSV_COLUMNS = [
  'position',
  'streamId',
  'revision',
  'eventId',
  'type',
  'recordedAt',
  'actor',
  'roles',
  'correlationId',
  'data',
  'metadata',
  'prevHash',
  'hash',
] as const;

/**
 * RFC 4180 quoting: every field quoted, inner quotes doubled, so commas, newlines and quotes survive; a cell that
 * would start a spreadsheet formula gets a leading apostrophe, so Excel and WPS show it instead of evaluating it.
 */
function quoted(value: unknown): string {
  const text = String(value ?? '');
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvRow(event: RecordedEvent): string {
  const { actor, correlationId, recordedAt } = event.metadata;
  const fields = [
    event.position,
    event.streamId,
    event.revision,
    event.eventId,
    event.type,
    recordedAt ?? event.createdAt,
    actor?.subject,
    actor?.roles?.join(' '),
    correlationId,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
    event.prevHash,
    event.hash,
  ];
  return `${fields.map(quoted).join(',')}\r\n`;
}

export const ndjsonLine = (event: RecordedEvent) => `${JSON.stringify(event)}\n`;

export type AuditExportFormat = 'ndjson' | 'csv';

/** An export's text, one line at a time, so an export of any size streams: NDJSON, or CSV after its BOM and header. */
export async function* auditExportLines(
  events: AsyncIterable<RecordedEvent>,
  format: AuditExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') yield `${UTF8_BOM}${CSV_COLUMNS.join(',')}\r\n`;
  for await (const event of events) yield format === 'csv' ? csvRow(event) : ndjsonLine(event);
}

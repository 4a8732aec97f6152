import type { AppendResult, EventMetadata, EventStore } from '../event-store.port';
import type { AuditExportFormat } from './audit-export';

/** Who looked at the audit trail, when, and with which filters: verifications and exports are recorded here. */
export const AUDIT_ACCESS_STREAM_ID = 'audit-access';

/** Records an export of the trail and the filters it was narrowed by, before any of it leaves the system. */
export function recordAuditExport(
  store: EventStore,
  format: AuditExportFormat,
  filter: object,
  metadata: EventMetadata,
): Promise<AppendResult> {
  return store.appendToStream(AUDIT_ACCESS_STREAM_ID, [{ type: 'AuditExported', data: { format, filter }, metadata }]);
}

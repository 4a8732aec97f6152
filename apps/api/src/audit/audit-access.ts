/** Who looked at the audit trail, when, and with which filters: verifications and exports are recorded here. */
export const AUDIT_ACCESS_STREAM_ID = 'audit-access';

import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { domainUpcasters, findPii } from '@app/domain';
import {
  auditExportLines,
  readPublicKey,
  recordAuditExport,
  sealLog,
  upcastingEventStore,
  verifyLog,
  type AuditExportFormat,
  type RecordedEvent,
} from '@app/event-store';
import { auditTrail, auditTrailProjection, MemoryReadModelStore, Projector, type AuditFilter } from '@app/read-models';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { createWriteStream, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { v7 as uuidv7 } from 'uuid';
import { apiSigningKey } from './audit-key';
import { withEventLog } from './event-log';
import { operator } from './operator';

@SubCommand({
  name: 'verify',
  description:
    'Recompute every hash chain (offline, against the configured store), check the signed seal chain and compare with the latest seal; exits 1 on any problem',
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  /**
   * Without `--public-key`, the API's key where this configuration puts it; with neither, it refuses rather than
   * report seals as checked that were not.
   */
  async run(_: string[], options: { sealDigest?: string; publicKey?: string }): Promise<void> {
    const report = await withEventLog(this.config, 'read-only', (log) => {
      const publicKey =
        options.publicKey === undefined
          ? apiSigningKey(this.config, ', or pass --public-key <file> with the public key you keep').publicKey
          : readPublicKey(options.publicKey);
      return verifyLog(log, { publicKey, expectedDigest: options.sealDigest });
    });
    console.log(JSON.stringify(report, null, 2));
    if (!report.ok) process.exitCode = 1;
  }

  @Option({
    flags: '--public-key <file>',
    description:
      'the seals’ public key as you keep it (PEM, from `audit public-key`); without it, the API’s key where this configuration puts it (<DATA_DIR>-keys/ or AUDIT_SIGNING_KEY_FILE), never one made here',
  })
  parsePublicKey(value: string): string {
    return value;
  }

  @Option({
    flags: '--seal-digest <hex>',
    description: 'the digest kept off the system; a seal that does not match it is reported',
  })
  parseSealDigest(value: string): string {
    if (!/^[0-9a-f]{64}$/.test(value)) throw new Error('--seal-digest takes 64 lowercase hex characters');
    return value;
  }
}

@SubCommand({
  name: 'seal',
  description: 'Seal every stream’s head (AuditSealed) and print the digest to keep off the system',
})
export class AuditSealCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    // Looked up first: without the key, the log is not even opened (an `existing` open would upgrade an older one).
    const key = apiSigningKey(this.config);
    const seal = await withEventLog(this.config, 'existing', (log) =>
      sealLog(log, uuidv7(), { actor: operator(), recordedAt: new Date().toISOString() }, key),
    );
    console.log(JSON.stringify(seal, null, 2));
  }
}

@SubCommand({
  name: 'public-key',
  description: 'Print the public key seals are verified with (PEM) and its fingerprint, for the inspector to keep',
})
export class AuditPublicKeyCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], options: { out?: string }): Promise<void> {
    const key = apiSigningKey(this.config);
    if (options.out !== undefined) writeFileSync(options.out, key.publicKeyPem, { flag: 'wx' });
    console.log(key.publicKeyPem.trimEnd());
    console.error(`fingerprint ${key.fingerprint}`);
  }

  @Option({ flags: '--out <file>', description: 'also write the PEM to this new file' })
  parseOut(value: string): string {
    return value;
  }
}

interface AuditExportOptions extends AuditFilter {
  format: AuditExportFormat;
  out?: string;
}

/** A filter the export records (AuditExported) must hold no patient identifier, as the API's export refuses one. */
function recordable(flag: string, value: string): string {
  const kind = findPii(value);
  if (kind) throw new Error(`${flag} holds a ${kind.replace(/-/g, ' ')}; patient data never enters the record`);
  return value;
}

/** ISO-8601 with an offset, as the API takes it: without one, the instant would depend on this machine's zone. */
function instant(flag: string, value: string): string {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(`${flag} takes an ISO-8601 time with an offset, e.g. 2024-03-12T09:30:00+08:00`);
  }
  return value;
}

@SubCommand({
  name: 'export',
  description:
    'Stream the filtered audit trail (offline, against the configured store) as GET /api/audit/export does, to stdout or --out; recorded as AuditExported',
})
export class AuditExportCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], options: AuditExportOptions): Promise<void> {
    const { format, out, ...filter } = options;
    await withEventLog(this.config, 'existing', async (log) => {
      await recordAuditExport(log, format, filter, { actor: operator() });
      // Offline there are no live read models: index the trail from the log as the API's projector does (upcast),
      // then export the events as stored, as the API does.
      const index = new MemoryReadModelStore();
      await new Projector(upcastingEventStore(log, domainUpcasters), index, [auditTrailProjection]).replay(() => true);
      let events = 0;
      async function* counted(trail: AsyncIterable<RecordedEvent>) {
        for await (const event of trail) {
          events += 1;
          yield event;
        }
      }
      const lines = Readable.from(auditExportLines(counted(auditTrail(log, index, filter)), format));
      if (out === undefined) {
        // Left open: stdout cannot be reopened, and Nest may still log through it while shutting down.
        await pipeline(lines, process.stdout, { end: false });
        return;
      }
      await pipeline(lines, createWriteStream(out));
      console.log(JSON.stringify({ file: out, format, events }, null, 2));
    });
  }

  @Option({ flags: '--format <format>', description: 'ndjson or csv (UTF-8 with BOM)', defaultValue: 'ndjson' })
  parseFormat(value: string): AuditExportFormat {
    if (value !== 'ndjson' && value !== 'csv') throw new Error(`--format takes ndjson or csv; got ${value}`);
    return value;
  }

  @Option({ flags: '--hospital-id <id>', description: 'events naming the hospital, or of a stream that does' })
  parseHospitalId(value: string): string {
    return recordable('--hospital-id', value);
  }

  @Option({ flags: '--unit-id <id>', description: 'events naming the unit, or of a stream whose own unit it is' })
  parseUnitId(value: string): string {
    return recordable('--unit-id', value);
  }

  @Option({ flags: '--actor <subject>', description: 'events recorded by this subject' })
  parseActor(value: string): string {
    return recordable('--actor', value);
  }

  @Option({ flags: '--type <type>', description: 'events of this type, e.g. MeetingHeld' })
  parseType(value: string): string {
    return recordable('--type', value);
  }

  @Option({ flags: '--from <time>', description: 'recorded at or after, ISO-8601 with an offset' })
  parseFrom(value: string): string {
    return instant('--from', value);
  }

  @Option({ flags: '--to <time>', description: 'recorded at or before, ISO-8601 with an offset' })
  parseTo(value: string): string {
    return instant('--to', value);
  }

  @Option({ flags: '--out <file>', description: 'write to this file instead of stdout, then print a summary' })
  parseOut(value: string): string {
    return value;
  }
}

@Command({
  name: 'audit',
  description: 'Audit trail: verify hash chains and seals, seal them, print the seals’ public key, export the trail',
  subCommands: [AuditVerifyCommand, AuditSealCommand, AuditPublicKeyCommand, AuditExportCommand],
})
export class AuditCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

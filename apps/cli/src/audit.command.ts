import { Inject } from '@nestjs/common';
import { EVENT_STORE, sealLog, verifyLog, type EventStore } from '@app/event-store';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { userInfo } from 'node:os';
import { v7 as uuidv7 } from 'uuid';

/** The operator at the terminal, recorded as the actor of what the CLI writes. */
const operator = () => ({
  actor: { subject: `cli-${userInfo().username}`.replace(/[^A-Za-z0-9_-]/g, '-'), roles: ['admin'] },
});

@SubCommand({
  name: 'verify',
  description:
    'Recompute every hash chain (offline, against the configured store) and compare with the latest seal; exits 1 on any problem',
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {
    super();
  }

  async run(_: string[], options: { sealDigest?: string }): Promise<void> {
    const report = await verifyLog(this.eventStore, { expectedDigest: options.sealDigest });
    console.log(JSON.stringify(report, null, 2));
    if (!report.ok) process.exitCode = 1;
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
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {
    super();
  }

  async run(): Promise<void> {
    const seal = await sealLog(this.eventStore, uuidv7(), { ...operator(), recordedAt: new Date().toISOString() });
    console.log(JSON.stringify(seal, null, 2));
  }
}

@Command({
  name: 'audit',
  description: 'Audit trail: verify hash chains and seals',
  subCommands: [AuditVerifyCommand, AuditSealCommand],
})
export class AuditCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

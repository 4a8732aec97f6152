import { Module } from '@nestjs/common';
import { AuthModule, resolveJwtSecret } from '@app/auth';
import { AppConfigModule, loadConfig } from '@app/config';
import { AuditSigningModule, EventStoreModule } from '@app/event-store';
import {
  AuditCommand,
  AuditExportCommand,
  AuditPublicKeyCommand,
  AuditSealCommand,
  AuditVerifyCommand,
} from './audit.command';
import { BackupCommand, RestoreCommand } from './backup.command';
import { DemoCommand } from './demo.command';
import {
  ProjectionsCommand,
  ProjectionsRebuildCommand,
  ProjectionsRetryParkedCommand,
  ProjectionsStatusCommand,
} from './projections.command';
import { StoreHeadCommand } from './store-head.command';
import { TokenCommand } from './token.command';

const config = loadConfig(process.env);

/** Operator commands run on the same modules as the API, against the configured store. */
@Module({
  imports: [
    AppConfigModule.forRoot(config),
    EventStoreModule.forRoot(config.eventStore),
    AuditSigningModule.forRoot(config),
    AuthModule.forRoot(resolveJwtSecret(config), { guard: false }),
  ],
  providers: [
    StoreHeadCommand,
    TokenCommand,
    AuditCommand,
    AuditVerifyCommand,
    AuditSealCommand,
    AuditExportCommand,
    AuditPublicKeyCommand,
    BackupCommand,
    RestoreCommand,
    DemoCommand,
    ProjectionsCommand,
    ProjectionsStatusCommand,
    ProjectionsRebuildCommand,
    ProjectionsRetryParkedCommand,
  ],
})
export class CliModule {}

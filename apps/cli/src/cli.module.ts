import { Module } from '@nestjs/common';
import { AuthModule, findJwtSecret, JWT_SECRET_FILE } from '@app/auth';
import { AppConfigModule, loadConfig } from '@app/config';
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

/**
 * The secret the API signs with, looked up when a command first signs a token. Never generated here: the API would
 * refuse every token signed with a secret of the CLI's own.
 */
function apiSecret(): string {
  const secret = findJwtSecret(config);
  if (secret !== undefined) return secret;
  throw new Error(
    `No secret to sign tokens with: AUTH_JWT_SECRET is unset and DATA_DIR ${config.dataDir} holds no ${JWT_SECRET_FILE}. ` +
      `Set DATA_DIR to the API’s data directory (the API writes ${JWT_SECRET_FILE} there when it starts), ` +
      'or AUTH_JWT_SECRET to the API’s secret',
  );
}

/**
 * Operator commands run on the same modules as the API. Nothing is opened at boot: each command opens the log or
 * looks up the secret when it needs them, so `--help` and read-only commands write nothing.
 */
@Module({
  imports: [AppConfigModule.forRoot(config), AuthModule.forRoot(apiSecret, { guard: false })],
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

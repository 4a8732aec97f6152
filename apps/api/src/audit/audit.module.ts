import { Module } from '@nestjs/common';
import { AuditIntegrityModule } from './audit-integrity';
import { AuditStreamsController } from './audit-streams.controller';
import { AuditController } from './audit.controller';

@Module({ imports: [AuditIntegrityModule], controllers: [AuditController, AuditStreamsController] })
export class AuditModule {}

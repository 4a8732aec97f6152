import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { AUDIT_SIGNING_KEY, loadAuditSigningKey } from './signing-key';

/** The audit signing key, loaded (or on first start generated) once per process from the configured file. */
@Global()
@Module({})
export class AuditSigningModule {
  static forRoot(config: Pick<AppConfig, 'auditSigningKey'>): DynamicModule {
    return {
      module: AuditSigningModule,
      providers: [
        {
          provide: AUDIT_SIGNING_KEY,
          useFactory: () => {
            const { file, generate } = config.auditSigningKey;
            const { key, generated } = loadAuditSigningKey(file, { generate });
            // Printed once, when the key is made: the inspector records it to check the public key they are given.
            if (generated)
              new Logger('AuditSigningKey').warn(
                `Generated the audit signing key ${file}; its public key fingerprint is ${key.fingerprint}`,
              );
            return key;
          },
        },
      ],
      exports: [AUDIT_SIGNING_KEY],
    };
  }
}

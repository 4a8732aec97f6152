import { Global, Module, type DynamicModule } from '@nestjs/common';
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
            // Printed once, when the key is made, for the inspector to record; on stderr, so a command's output stays
            // what it prints.
            if (generated)
              process.stderr.write(
                `Generated the audit signing key ${file}; its public key fingerprint is ${key.fingerprint}\n`,
              );
            return key;
          },
        },
      ],
      exports: [AUDIT_SIGNING_KEY],
    };
  }
}

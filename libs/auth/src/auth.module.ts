import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { AuthGuard } from './auth.guard';
import { Tokens } from './tokens';

@Global()
@Module({})
export class AuthModule {
  /**
   * `guard: false` for contexts without HTTP routes (the CLI), which only issue tokens. A function as `secret` is
   * called at the first sign or verify, not at boot: a CLI command that signs nothing never looks for the secret.
   */
  static forRoot(secret: string | (() => string), options: { guard?: boolean } = {}): DynamicModule {
    // A KeyObject, made once: given a string, jsonwebtoken tries it as a PEM key on every sign and verify first.
    let key: KeyObject | undefined;
    const keyOf = () => (key ??= createSecretKey(Buffer.from(typeof secret === 'string' ? secret : secret())));
    return {
      module: AuthModule,
      imports: [JwtModule.register({ secretOrKeyProvider: keyOf })],
      providers: [Tokens, ...(options.guard === false ? [] : [{ provide: APP_GUARD, useClass: AuthGuard }])],
      exports: [Tokens],
    };
  }
}

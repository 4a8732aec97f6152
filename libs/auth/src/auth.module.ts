import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AuthGuard } from './auth.guard';
import { Tokens } from './tokens';

@Global()
@Module({})
export class AuthModule {
  /** `guard: false` for contexts without HTTP routes (the CLI), which only issue tokens. */
  static forRoot(secret: string, options: { guard?: boolean } = {}): DynamicModule {
    return {
      module: AuthModule,
      // A KeyObject, made once: given a string, jsonwebtoken tries it as a PEM key on every sign and verify first.
      imports: [JwtModule.register({ secret: createSecretKey(Buffer.from(secret)) })],
      providers: [Tokens, ...(options.guard === false ? [] : [{ provide: APP_GUARD, useClass: AuthGuard }])],
      exports: [Tokens],
    };
  }
}

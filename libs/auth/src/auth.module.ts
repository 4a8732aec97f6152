import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth.guard';
import { Tokens } from './tokens';

@Global()
@Module({})
export class AuthModule {
  /** `guard: false` for contexts without HTTP routes (the CLI), which only issue tokens. */
  static forRoot(secret: string, options: { guard?: boolean } = {}): DynamicModule {
    return {
      module: AuthModule,
      imports: [JwtModule.register({ secret })],
      providers: [Tokens, ...(options.guard === false ? [] : [{ provide: APP_GUARD, useClass: AuthGuard }])],
      exports: [Tokens],
    };
  }
}

export * from './principal';
export * from './jwt-secret';
export * from './tokens';
export * from './auth.decorators';
export * from './auth.module';
export { bearerTokenOf } from './auth.guard';

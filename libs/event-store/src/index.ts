export * from './event-store.port';
export * from './errors';
export * from './handle-command';
export * from './event-store.module';
export * from './event-sourcing';
export * from './hash-chain';

export * from './read-model-store.port';
export * from './projection';
export * from './projector';
export * from './read-model-progress';
export * from './read-models.module';
export * from './projections/org-units.projection';
export * from './projections/members.projection';
export * from './projections/idempotency-keys.projection';

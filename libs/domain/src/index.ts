export * from './shared/decider';
export * from './shared/domain-error';
export * from './organization/org-unit.commands';
export * from './organization/org-unit.decide';
export * from './organization/org-unit.errors';
export * from './organization/org-unit.events';
export * from './organization/org-unit.state';

export * from './demo-request';
export * from './city.plan';
export * from './demo-city';
export * from './demo-loader';
export * from './demo-claims';

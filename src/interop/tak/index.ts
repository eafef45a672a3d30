export * from './framing.ts';
export * from './connection.ts';
export * from './bridge.ts';
export * from './service.ts';

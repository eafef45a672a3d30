export * from './ids.ts';
export * from './time.ts';
export * from './geo.ts';
export * from './codes.ts';
export * from './nine-line.ts';
export * from './entities.ts';
export * from './events.ts';
export * from './fold.ts';

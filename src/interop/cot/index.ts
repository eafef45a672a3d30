export * from './medevac.ts';
export * from './out.ts';
export * from './in.ts';
export * from './node-cot.ts';

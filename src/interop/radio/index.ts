export * from './codec.ts';
export * from './model.ts';
export * from './text.ts';
export { RadioDecodeError, crc16, crc32 } from './bits.ts';
export * from './import.ts';

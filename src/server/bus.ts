// Moved to src/storage/bus.ts (the wake-up bus belongs beside the store it announces).
export type { LiveBus, LiveMessage } from '../storage/bus.ts';
export { createMemoryBus } from '../storage/bus.ts';

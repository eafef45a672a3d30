// A worker entry for src/server/stripped-worker.test.ts: loads the plan thread's modules, then says whether Node's
// TypeScript stripper (amaro) was loaded in this thread.
import { parentPort } from 'node:worker_threads';
import '../../src/server/plan-worker.ts';

// Node's list of the internal modules this thread loaded (not in its types).
const loaded = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
parentPort!.postMessage({ stripper: loaded.some((m) => m.includes('amaro')) });

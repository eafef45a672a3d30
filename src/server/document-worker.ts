// The FHIR handover document of a long card is built on this thread. A card has no bound on its events (a monitor's
// vitals every minute for days), and the document of 30,000 vitals took 2.2 s of CPU to fold, build and encode
// (115 MB): six such reads at once held every other request of the server for 26 s (the attack review, session 39).
// The main thread reads the card through the door; this thread only translates it. Started by document-runner.ts.
import { parentPort } from 'node:worker_threads';
import { fold } from '../core/index.ts';
import type { CasualtyEvent } from '../core/index.ts';
import { casualtyBundle } from '../interop/fhir/bundle.ts';

export interface DocumentInput {
  casualtyId: string;
  events: readonly CasualtyEvent[];
  now: string;
  /** Facility and vehicle names by id. */
  names: Record<string, string>;
}

export type DocumentJob = DocumentInput & { id: number };
export type DocumentAnswer = { id: number; ok: true; body: Uint8Array; cpuMs: number } | { id: number; ok: false; error: string };

/** The whole card, refolded (the stored projection keeps only the latest vitals and notes), as FHIR R4 JSON. */
export const fhirDocument = (d: DocumentInput): string =>
  JSON.stringify(casualtyBundle(fold(d.casualtyId, d.events, d.now), d.events, { now: d.now, names: d.names }));

const port = parentPort;
if (port) {
  port.on('message', (job: DocumentJob) => {
    const cpu0 = process.threadCpuUsage();
    try {
      const body = new TextEncoder().encode(fhirDocument(job));
      const cpu = process.threadCpuUsage(cpu0);
      // The bytes are moved, not copied, to the main thread.
      port.postMessage({ id: job.id, ok: true, body, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies DocumentAnswer, [body.buffer as ArrayBuffer]);
    } catch (e) {
      port.postMessage({ id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies DocumentAnswer);
    }
  });
}

// The registry is the fold of the workforce log: facts sorted by (time, id) so any delivery order gives the same
// state, later statements of a record replacing earlier ones, every fact kept as history.
import type { ClinicianRecord, StaffingSite, StaffingTemplate, StoredWorkforceFact, WorkforceFact } from '../core/index.ts';
import { DEFAULT_TEMPLATES } from './templates.ts';

export interface AssignmentEntry {
  siteId: string | null;
  at: string;
  reason?: string;
  proposalId?: string;
}

export interface Clinician {
  record: ClinicianRecord;
  /** Current site (unit, facility or civilian hospital); null = not assigned. */
  siteId: string | null;
  assignments: AssignmentEntry[];
}

export interface Decision {
  proposalId: string;
  decision: 'accepted' | 'declined';
  at: string;
  author: string;
  /** Moves decided on; `proposed`: how many the proposal held, when the decision recorded it. */
  moves: number;
  proposed?: number;
}

export interface Registry {
  clinicians: Map<string, Clinician>;
  templates: Map<string, StaffingTemplate>;
  sites: Map<string, StaffingSite>;
  decisions: Decision[];
  /** Highest seq folded (for incremental refolds). */
  seq: number;
}

export function emptyRegistry(): Registry {
  return { clinicians: new Map(), templates: new Map(DEFAULT_TEMPLATES.map((t) => [t.id, t])), sites: new Map(), decisions: [], seq: 0 };
}

const seqOf = (f: WorkforceFact): number => ('seq' in f && typeof f.seq === 'number' ? f.seq : Infinity);
/** Time order; facts of the same instant in the order the server stored them, then by id. */
const order = (a: WorkforceFact, b: WorkforceFact): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : seqOf(a) - seqOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Apply one fact. Assignment history keeps every change; the current one is the latest by (time, id). */
function apply(r: Registry, f: WorkforceFact): void {
  switch (f.type) {
    case 'clinician.recorded': {
      const c = r.clinicians.get(f.payload.id);
      if (c) c.record = f.payload;
      else r.clinicians.set(f.payload.id, { record: f.payload, siteId: null, assignments: [] });
      return;
    }
    case 'clinician.assigned': {
      const c = r.clinicians.get(f.payload.clinicianId);
      if (!c) return; // an assignment of an unknown clinician waits for its record (refold on arrival)
      c.siteId = f.payload.siteId;
      c.assignments.push({
        siteId: f.payload.siteId, at: f.at,
        ...(f.payload.reason !== undefined ? { reason: f.payload.reason } : {}),
        ...(f.payload.proposalId !== undefined ? { proposalId: f.payload.proposalId } : {}),
      });
      return;
    }
    case 'template.set':
      r.templates.set(f.payload.id, f.payload);
      return;
    case 'site.set':
      r.sites.set(f.payload.id, f.payload);
      return;
    case 'proposal.decided':
      r.decisions.push({
        proposalId: f.payload.proposalId, decision: f.payload.decision, at: f.at, author: f.author, moves: f.payload.moves.length,
        ...(f.payload.proposed ? { proposed: f.payload.proposed.length } : {}),
      });
      return;
  }
}

/** Fold a whole log (any order, duplicates ignored). */
export function foldRegistry(facts: readonly (WorkforceFact | StoredWorkforceFact)[]): Registry {
  const r = emptyRegistry();
  const seen = new Set<string>();
  const unique = facts.filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
  // An assignment that sorts before its clinician's first record (clock skew between devices) is applied after.
  const sorted = [...unique].sort(order);
  const pending: WorkforceFact[] = [];
  for (const f of sorted) {
    if (f.type === 'clinician.assigned' && !r.clinicians.has(f.payload.clinicianId)) pending.push(f);
    else apply(r, f);
  }
  for (const f of pending) apply(r, f);
  for (const f of facts) if ('seq' in f && f.seq > r.seq) r.seq = f.seq;
  return r;
}

// The door into the workforce log (issue 12), with the casualty log's discipline: validate (one zod schema per
// fact) → authorise (the writer's principal against the policy table) → append the facts and their audit entry in ONE
// transaction (migration 009's chain: each fact named by its content hash, so `audit verify` finds one edited,
// deleted or inserted) → announce on the bus (staff screens and consoles refresh). Every writer — the API, the CSV
// import, proposal decisions, `goldenhour staff`, the demo — goes through here; lint forbids `appendFacts` elsewhere.
import type { WorkforceFact } from '../core/index.ts';
import { WorkforceFact as FactSchema } from '../core/index.ts';
import type { FactAppendResult } from '../storage/workforce.ts';
import { createMemoryBus } from '../storage/bus.ts';
import type { Principal } from '../auth/policy.ts';
import { allowed, authorDenial } from '../auth/policy.ts';
import type { LogDeps } from './service.ts';
import type { LogIssue } from './errors.ts';
import { LogError, refuse, zodIssues } from './errors.ts';
import { checkInstant } from './validate.ts';

export interface WorkforceWriter {
  /** The signed-in user, or this server's own process (`staff import`, `demo`). */
  actor: string;
  /** null: a process of this server (CLI, demo): validated and audited, not role-checked. */
  principal: Principal | null;
  /** The writer, e.g. `POST /api/workforce/facts`, `POST /api/workforce/import`, `staff import`. */
  action: string;
  detail?: Record<string, unknown>;
}

/**
 * Validate raw facts: all valid, or the issues by `facts.N.<field>` (a missing author is the writer's). A fact's `at`
 * is bounded as a casualty's times are: the registry folds by `at`, so one dated in 2099 would outrank every correction.
 */
export function validateFacts(raw: readonly unknown[], author: string, now: string): { facts: WorkforceFact[]; issues: LogIssue[] } {
  const facts: WorkforceFact[] = [];
  const issues: LogIssue[] = [];
  raw.forEach((x, i) => {
    const withAuthor = x && typeof x === 'object' && !('author' in x) ? { ...x, author } : x;
    const r = FactSchema.safeParse(withAuthor);
    if (!r.success) {
      issues.push(...zodIssues(r.error, ['facts', i]));
      return;
    }
    const late = checkInstant(r.data.at, `facts.${i}.at`, now);
    if (late) issues.push(late);
    else facts.push(r.data);
  });
  return { facts, issues };
}

export class WorkforceDoor {
  readonly #deps: LogDeps;
  readonly #writer: WorkforceWriter;
  constructor(deps: LogDeps, writer: WorkforceWriter) {
    this.#deps = deps;
    this.#writer = writer;
  }

  /** Validate, authorise, append atomically with the audit entry, announce. Throws LogError (400/403). */
  async record(raw: readonly unknown[]): Promise<FactAppendResult> {
    const w = this.#writer;
    const now = this.#deps.now();
    const { facts, issues } = validateFacts(raw, w.actor, now);
    if (issues.length) throw refuse(issues, 'invalid workforce facts');
    if (w.principal && !allowed(w.principal, 'workforce:write'))
      throw new LogError('forbidden', `role ${w.principal.role} may not change the workforce registry`);
    // As the casualty door: a fact under another's name is a forgery in the registry's history.
    const p = w.principal;
    const forged = p ? facts.map((f) => authorDenial(p, f.author)).find((why) => why !== null) : null;
    if (forged) throw new LogError('forbidden', forged);
    const audit = { actor: w.actor, deviceId: null, action: w.action, ...(w.detail ? { detail: w.detail } : {}) };
    const r = await this.#deps.store.workforce.appendFacts(facts, now, audit);
    if (r.accepted > 0) this.#deps.bus.publish({ type: 'workforce', head: r.head });
    return r;
  }
}

/** The workforce log as written by this writer. */
export function workforceDoor(deps: LogDeps, writer: WorkforceWriter): WorkforceDoor {
  return new WorkforceDoor(deps, writer);
}

/** The workforce log as written by one of this server's own processes (`staff import`, `demo`): no principal. */
export function processWorkforceDoor(store: LogDeps['store'], name: string, o: { bus?: LogDeps['bus']; now?: () => string } = {}): WorkforceDoor {
  return new WorkforceDoor({ store, bus: o.bus ?? createMemoryBus(), now: o.now ?? (() => new Date().toISOString()) }, { actor: name, principal: null, action: name });
}

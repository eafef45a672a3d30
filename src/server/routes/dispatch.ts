// GET /api/dispatch/plan: the same optimiser as the simulator, run on the current state — once per state of the log
// and the entities, shared by every console (src/server/plan-cache.ts), then redacted to each caller's scope.
import type { FastifyInstance } from 'fastify';
import { toMs } from '../../core/index.ts';
import type { LiveAssignment } from '../../dispatch/live.ts';
import type { WaitingReason } from '../../dispatch/waiting-reason.ts';
import type { AppContext } from '../context.ts';
import { processReader } from '../../log/read.ts';
import type { CasualtyReader } from '../../log/read.ts';
import { staffedTables } from '../workforce.ts';
import { PlanAnswer } from '../../core/api.ts';
import { PlanCache } from '../plan-cache.ts';
import { PlanRunner, planThread } from '../plan-runner.ts';
import { busyElsewhere } from '../busy-vehicles.ts';

interface Plan {
  plan: LiveAssignment[];
  /** Why waiting casualties the plan leaves out have no recommendation (waiting-reason.ts). */
  waiting: WaitingReason[];
  computedAt: string;
}

const CASUALTY_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The plan over everything (vehicles busy with others' casualties stay busy), from the narrow plan inputs, as of the
 * time base `now`. The inputs are read here; the plan is valued on the plan thread (src/server/plan-worker.ts), whose
 * memory keeps what plans on the same time base can share (src/dispatch/live-memo.ts), so the event loop is free
 * meanwhile.
 */
async function computePlan(ctx: AppContext, reader: CasualtyReader, now: string, runner: PlanRunner): Promise<Plan> {
  const [open, vehicles, facilities, zones] = await Promise.all([
    reader.planInputs(),
    ctx.store.listEntities('vehicle'),
    ctx.store.listEntities('facility'),
    ctx.store.listEntities('threat-zone'),
  ]);
  // Zones whose window has closed no longer threaten anyone; future ones still shape routes planned now.
  const threats = zones.filter((z) => !z.to || toMs(z.to) > toMs(now));
  // Surgical tables limited by the complete surgical teams on duty (workforce registry, issue 12).
  const usableTables = await staffedTables(ctx.store, facilities, now);
  return { ...(await runner.planWithWaiting({ open, vehicles, facilities, threats, usableTables, now })), computedAt: now };
}

export function dispatchRoutes(app: FastifyInstance, ctx: AppContext): void {
  const plans = new PlanCache<Plan>();
  const runner = new PlanRunner();
  ctx.plansInFlight = () => runner.running;
  // The time base: plans are made as of one instant for up to the plan's maximum age, the staleness the shared plan
  // already allows, so that a plan after a write reuses the last one's work (issue 16); then a new base is taken.
  let base = { ms: -Infinity, iso: '' };
  /** Consoles asked for a plan on the current time base (then the next base's plan is made ahead: `planAhead`). */
  let asked = false;
  let refresh: ReturnType<typeof setTimeout> | undefined;
  let ahead: Promise<unknown> = Promise.resolve();
  /** The shared plan for the log's current state, made (or awaited, when one for the same state is in flight) once. */
  const current = async (reader: CasualtyReader, background = false): Promise<Plan> => {
    const now = ctx.now();
    const nowMs = toMs(now);
    const h = await reader.heads();
    if (!background) asked = true;
    if (!(nowMs >= base.ms && nowMs - base.ms < plans.maxAgeMs)) {
      base = { ms: nowMs, iso: now };
      if (ctx.planAhead) {
        clearTimeout(refresh);
        refresh = setTimeout(() => {
          if (!asked) return;
          base = { ms: -Infinity, iso: '' };
          void makeAhead();
        }, plans.maxAgeMs);
        refresh.unref();
      }
    }
    const at = base;
    return plans.get(`${h.log}:${h.entities}:${h.workforce}:${at.ms}`, nowMs, () => computePlan(ctx, reader, at.iso, runner), at.ms);
  };
  /** A plan made in the background, not for a request (a request meanwhile awaits it through the plan cache). */
  const makeAhead = () => {
    asked = false;
    ahead = current(processReader({ store: ctx.store }), true).catch(() => undefined);
    return ahead;
  };
  if (ctx.planAhead) {
    // The plan is made before a console asks for it, in the background: as the server starts (the first console does
    // not pay for reading and valuing every open casualty), and when its time base expires while consoles were
    // asking (every 30 s a new base values every casualty again, as much as the first plan). The work is moved
    // off the request, not removed (bench:reads prints the time from start to the first plan and a new base's cost),
    // and off the event loop: it runs on the plan thread.
    // The plan thread loads its modules (a second copy of core and dispatch, 0.3–2 s) while the app is built.
    planThread.start();
    app.addHook('onReady', async () => {
      ctx.startPlan = makeAhead();
    });
    app.addHook('onClose', async () => {
      clearTimeout(refresh);
      await ahead;
    });
  }
  app.addHook('onClose', async () => runner.close());
  app.get('/api/dispatch/plan', { config: { access: 'dispatch:read', contract: { summary: 'The live dispatch plan over open casualties, vehicles, facilities and threats (shared; redacted to the caller\'s scope)', responses: { 200: PlanAnswer } } } }, async (req) => {
    const reader = ctx.read(req);
    const { plan, waiting, computedAt } = await current(reader);
    if (reader.scope.all) return { plan, waiting, computedAt };
    // A unit-scoped dispatcher sees recommendations for its own casualties only, and no reason text names a
    // casualty outside its scope (issue 14 item 9).
    const named = [...plan.flatMap((x) => [x.casualtyId, ...(x.reason.match(CASUALTY_ID) ?? []), ...(x.divertFrom ?? [])]), ...waiting.map((w) => w.casualtyId)];
    const visible = await reader.visible(named);
    const redact = (text: string) => text.replace(CASUALTY_ID, (id) => (visible.has(id) ? id : 'another casualty'));
    // A diversion still says that the vehicle leaves someone, without naming a casualty outside the scope.
    const left = (ids: string[]) => ids.map((id) => (visible.has(id) ? id : 'another casualty'));
    const shown = plan.filter((x) => visible.has(x.casualtyId)).map((x) => ({ ...x, reason: redact(x.reason), ...(x.divertFrom ? { divertFrom: left(x.divertFrom) } : {}) }));
    // The waiting list is filtered as the plan's items are: no entry for a casualty outside the scope. Its minutes to
    // the next free vehicle are the earliest over every busy vehicle: with one on another unit's job they are that
    // job's "busy until" time, which the busy mark withholds (docs/security.md), so they are left out.
    const hideFree = (await busyElsewhere(ctx.store, reader)).size > 0;
    const mine = waiting.filter((w) => visible.has(w.casualtyId)).map((w) => {
      if (!hideFree || w.reason !== 'no-vehicle') return w;
      const { nextFreeMin: _, ...rest } = w;
      return rest;
    });
    return { plan: shown, waiting: mine, computedAt };
  });
}

// Test scene of SIM-19 (a pickup added to a leg with a casualty aboard), shared by the simulator's and the trace
// checker's tests. Only tests import it.
import type { Job, PlanView, Policy } from '../dispatch/types.ts';

/**
 * One ambulance at an R2; c1 (RPM 8, litter) 22 km north at minute 0; c2 (RPM 5, litter) reported at 40, 2 km off the
 * ambulance's way back, after it has loaded c1 (at 35.1). `litter`: the ambulance's litter places.
 */
export function aboardScene(litter = 2): Record<string, unknown> {
  return {
    format: 'goldenhour-scenario/1',
    name: 'aboard-scene',
    seed: 1,
    horizonMin: 60,
    facilities: [{ id: 'r2', role: 'R2', pos: [48.0, 37.0], surgicalTables: 2, beds: 10 }],
    vehicles: [{ id: 'amb', kind: 'ambulance', base: 'r2', litter, seated: 2, speedKmh: 60, medic: true }],
    casualties: [
      { id: 'c1', atMin: 0, pos: [48.2, 37.0], rpm: 8, litter: true },
      { id: 'c2', atMin: 40, pos: [48.1, 37.027], rpm: 5, litter: true },
    ],
  };
}

/**
 * A scripted policy: an idle vehicle fetches the first casualty waiting alone; with `addAboard`, a vehicle shown
 * carrying someone is asked to fetch a waiting casualty on its way and drop everyone at its dropoff.
 */
export function scriptedAboard(addAboard: boolean): Policy {
  return {
    name: 'scripted-aboard',
    ...(addAboard ? { addAboard: true } : {}),
    plan(view: PlanView): Job[] {
      const jobs: Job[] = [];
      const waiting = [...view.casualties];
      for (const v of view.vehicles) {
        const c = waiting.shift();
        if (!c) break;
        if (v.idle) jobs.push({ vehicleId: v.id, stops: [{ kind: 'pickup', casualtyId: c.id }, { kind: 'dropoff', casualtyIds: [c.id], facilityId: 'r2' }] });
        else if (v.carrying) {
          const aboard = v.carrying.aboard.map((a) => a.id);
          jobs.push({ vehicleId: v.id, stops: [{ kind: 'pickup', casualtyId: c.id }, { kind: 'dropoff', casualtyIds: [...aboard, c.id], facilityId: 'r2' }] });
        } else waiting.unshift(c);
      }
      return jobs;
    },
  };
}

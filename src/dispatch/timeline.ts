// The deterministic timeline of a job (travel is deterministic; only threat hits are random).
import type { Position } from '../core/index.ts';
import { legKm, legMinutes } from './travel.ts';
import type { Stop, TravelParams } from './types.ts';

export interface Leg {
  stopIndex: number;
  from: Position;
  to: Position;
  km: number;
  startMin: number;
  durMin: number;
  arriveMin: number;
  /** When loading or unloading at the stop ends (the trace time of its pickup or of its last dropoff). */
  doneMin: number;
}

export interface Timeline {
  legs: Leg[];
  endMin: number;
  endPos: Position;
  km: number;
}

export function stopPos(stop: Stop, casualtyPos: (id: string) => Position, facilityPos: (id: string) => Position): Position {
  switch (stop.kind) {
    case 'pickup':
      return casualtyPos(stop.casualtyId);
    case 'dropoff':
      return facilityPos(stop.facilityId);
    case 'transfer':
      return stop.pos;
  }
}

export function jobTimeline(
  vehicle: { pos: Position; speedKmh: number; straightLine: boolean },
  stops: readonly Stop[],
  startMin: number,
  travel: TravelParams,
  casualtyPos: (id: string) => Position,
  facilityPos: (id: string) => Position,
): Timeline {
  const legs: Leg[] = [];
  let pos = vehicle.pos;
  let t = startMin;
  let total = 0;
  stops.forEach((stop, i) => {
    const to = stopPos(stop, casualtyPos, facilityPos);
    const km = legKm(pos, to, vehicle, travel.tortuosity);
    const dur = legMinutes(km, vehicle.speedKmh);
    const arrive = t + dur;
    // loadMin / unloadMin are per casualty ("minutes to load a casualty"): a stop unloading n casualties takes n × unloadMin.
    const done = arrive + (stop.kind === 'pickup' ? travel.loadMin : travel.unloadMin * stop.casualtyIds.length);
    legs.push({ stopIndex: i, from: pos, to, km, startMin: t, durMin: dur, arriveMin: arrive, doneMin: done });
    total += km;
    pos = to;
    t = done;
  });
  return { legs, endMin: t, endPos: pos, km: total };
}

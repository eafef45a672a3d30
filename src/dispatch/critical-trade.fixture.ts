// DISP-109's two views, as the simulator showed them to `optimal` (seed +0 of each scenario; numbers as they were).
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanView } from './types.ts';

/**
 * Held-out 1011-32 at 82.7: the one ambulance on its way to c1 (RPM 9, reached at 99.7 if kept), c7 (RPM 8) just
 * reported 6 km from c6 (RPM 10) and 10 km from c4 (RPM 11); zone `late` (90–197.1) across every way to the facilities.
 */
export const replanView: PlanView = {
  now: 82.7,
  casualties: [
    {"id": "c1", "atMin": 29.3, "rpm0": 9, "tau": 53.400000000000006, "rate": 1, "litter": true, "pos": {"lat": 47.34123, "lon": 38.15871}, "assignedTo": "ambulance-0"},
    {"id": "c2", "atMin": 59, "rpm0": 5, "tau": 23.700000000000003, "rate": 1, "litter": false, "pos": {"lat": 47.37433, "lon": 38.15942}},
    {"id": "c3", "atMin": 61.8, "rpm0": 5, "tau": 20.900000000000006, "rate": 1, "litter": false, "pos": {"lat": 47.35041, "lon": 38.17513}},
    {"id": "c4", "atMin": 61.8, "rpm0": 11, "tau": 20.900000000000006, "rate": 1, "litter": true, "pos": {"lat": 47.34067, "lon": 38.22364}},
    {"id": "c5", "atMin": 65.8, "rpm0": 1, "tau": 16.900000000000006, "rate": 1, "litter": true, "pos": {"lat": 47.34958, "lon": 38.18124}},
    {"id": "c6", "atMin": 76.7, "rpm0": 10, "tau": 6, "rate": 1, "litter": false, "pos": {"lat": 47.39055, "lon": 38.20723}},
    {"id": "c7", "atMin": 82.7, "rpm0": 8, "tau": 0, "rate": 1, "litter": true, "pos": {"lat": 47.38536, "lon": 38.19421}},
  ],
  vehicles: [
    {"id": "ambulance-0", "kind": "ambulance", "protection": "unprotected", "straightLine": false, "speedKmh": 54.6, "medic": true, "litter": 2, "seated": 2, "pos": {"lat": 47.70592, "lon": 37.94636}, "basePos": {"lat": 47.70592, "lon": 37.94636}, "freeAt": 82.7, "idle": true, "rangeLeftKm": null, "available": null, "diverted": 0, "posNow": {"lat": 47.429249511400656, "lon": 38.10745840756278}, "enRoute": ["c1"], "ifKept": {"pos": {"lat": 47.75019, "lon": 37.87636}, "freeAt": 190.7323001860384, "rangeLeftKm": null, "reach": {"atMin": 99.68859149232094, "rangeLeftKm": null}}},
  ],
  facilities: [
    {"id": "r1-0", "role": "R1", "pos": {"lat": 47.75335, "lon": 38.15511}, "beds": 4, "bedsFree": 4, "bedsFreeAt": [], "surgicalTables": 0, "tableFreeAt": [], "surgicalBacklog": 0, "open": null},
    {"id": "r1-1", "role": "R1", "pos": {"lat": 47.75882, "lon": 38.13071}, "beds": 10, "bedsFree": 10, "bedsFreeAt": [], "surgicalTables": 0, "tableFreeAt": [], "surgicalBacklog": 0, "open": null},
    {"id": "r1-2", "role": "R1", "pos": {"lat": 47.60534, "lon": 38.1013}, "beds": 7, "bedsFree": 7, "bedsFreeAt": [], "surgicalTables": 0, "tableFreeAt": [], "surgicalBacklog": 0, "open": null},
    {"id": "r2-0", "role": "R2", "pos": {"lat": 47.70592, "lon": 37.94636}, "beds": 4, "bedsFree": 4, "bedsFreeAt": [], "surgicalTables": 2, "tableFreeAt": [82.7, 82.7], "surgicalBacklog": 0, "open": null},
    {"id": "r2-1", "role": "R2", "pos": {"lat": 47.75019, "lon": 37.87636}, "beds": 4, "bedsFree": 3, "bedsFreeAt": [280.7323001860384], "surgicalTables": 2, "tableFreeAt": [82.7, 82.7], "surgicalBacklog": 1, "open": null},
    {"id": "r2-2", "role": "R2", "pos": {"lat": 47.84011, "lon": 37.97037}, "beds": 14, "bedsFree": 14, "bedsFreeAt": [], "surgicalTables": 2, "tableFreeAt": [82.7, 82.7], "surgicalBacklog": 0, "open": null},
  ],
  threats: [
    {"id": "late", "polygon": [{"lat": 47.2114, "lon": 38.09651}, {"lat": 47.2114, "lon": 38.16487}, {"lat": 48.0114, "lon": 38.16487}, {"lat": 48.0114, "lon": 38.09651}], "fromMin": 90, "toMin": 197.1, "lossPerKm": {"unprotected": 0.04824, "armoured": 0.0098, "air": 0.05125}},
  ],
  travel: {"tortuosity": 1.47, "loadMin": 5, "unloadMin": 5},
  model: DEFAULT_MODEL,
  horizonMin: 240,
  expectedRatePerMin: 0.08464328899637243,
  recent: [
    {"pos": {"lat": 47.34123, "lon": 38.15871}, "rpm0": 9, "atMin": 29.3},
    {"pos": {"lat": 47.37433, "lon": 38.15942}, "rpm0": 5, "atMin": 59},
    {"pos": {"lat": 47.35041, "lon": 38.17513}, "rpm0": 5, "atMin": 61.8},
    {"pos": {"lat": 47.34067, "lon": 38.22364}, "rpm0": 11, "atMin": 61.8},
    {"pos": {"lat": 47.34958, "lon": 38.18124}, "rpm0": 1, "atMin": 65.8},
    {"pos": {"lat": 47.39055, "lon": 38.20723}, "rpm0": 10, "atMin": 76.7},
    {"pos": {"lat": 47.38536, "lon": 38.19421}, "rpm0": 8, "atMin": 82.7},
  ],
};

/**
 * Held-out 1012-175 at 134.7: helicopter-5 with c1 aboard on its way to r2-0 (free at 157.3); c6 (RPM 8) and c7
 * (RPM 8) reported 2.5 km apart; zone `late` opens at 193 between every facility and the casualties.
 */
export const insertionView: PlanView = {
  now: 134.71220824182325,
  casualties: [
    {"id": "c2", "atMin": 112.6, "rpm0": 12, "tau": 22.112208241823254, "rate": 1, "litter": true, "pos": {"lat": 49.17656, "lon": 35.57665}},
    {"id": "c3", "atMin": 127.3, "rpm0": 9, "tau": 7.412208241823251, "rate": 1, "litter": false, "pos": {"lat": 49.21982, "lon": 35.63734}},
    {"id": "c4", "atMin": 128.8, "rpm0": 9, "tau": 5.912208241823237, "rate": 1, "litter": true, "pos": {"lat": 49.16839, "lon": 35.62219}},
    {"id": "c5", "atMin": 129.7, "rpm0": 11, "tau": 5.012208241823259, "rate": 1, "litter": true, "pos": {"lat": 49.195, "lon": 35.58501}},
    {"id": "c6", "atMin": 133.5, "rpm0": 8, "tau": 1.212208241823248, "rate": 1, "litter": true, "pos": {"lat": 49.19015, "lon": 35.57807}},
    {"id": "c7", "atMin": 134, "rpm0": 8, "tau": 0.712208241823248, "rate": 1, "litter": false, "pos": {"lat": 49.21277, "lon": 35.58293}},
  ],
  vehicles: [
    {"id": "ambulance-0", "kind": "ambulance", "protection": "unprotected", "straightLine": false, "speedKmh": 41.5, "medic": true, "litter": 2, "seated": 2, "pos": {"lat": 49.17855, "lon": 34.86265}, "basePos": {"lat": 49.17855, "lon": 34.86265}, "freeAt": 134.71220824182325, "idle": true, "rangeLeftKm": null, "available": null},
    {"id": "armoured-1", "kind": "armoured", "protection": "armoured", "straightLine": false, "speedKmh": 39.2, "medic": true, "litter": 2, "seated": 2, "pos": {"lat": 49.17855, "lon": 34.86265}, "basePos": {"lat": 49.17855, "lon": 34.86265}, "freeAt": 134.71220824182325, "idle": true, "rangeLeftKm": null, "available": null},
    {"id": "helicopter-2", "kind": "helicopter", "protection": "air", "straightLine": true, "speedKmh": 184.5, "medic": true, "litter": 2, "seated": 2, "pos": {"lat": 49.45409, "lon": 34.82017}, "basePos": {"lat": 49.45409, "lon": 34.82017}, "freeAt": 134.71220824182325, "idle": true, "rangeLeftKm": null, "available": [[216.7, 667.2]]},
    {"id": "ambulance-3", "kind": "ambulance", "protection": "unprotected", "straightLine": false, "speedKmh": 50.2, "medic": true, "litter": 2, "seated": 2, "pos": {"lat": 49.65187, "lon": 35.13251}, "basePos": {"lat": 49.65187, "lon": 35.13251}, "freeAt": 134.71220824182325, "idle": true, "rangeLeftKm": null, "available": null},
    {"id": "armoured-4", "kind": "armoured", "protection": "armoured", "straightLine": false, "speedKmh": 33.8, "medic": true, "litter": 2, "seated": 2, "pos": {"lat": 49.5169, "lon": 35.45}, "basePos": {"lat": 49.5169, "lon": 35.45}, "freeAt": 134.71220824182325, "idle": true, "rangeLeftKm": null, "available": null},
    {"id": "helicopter-5", "kind": "helicopter", "protection": "air", "straightLine": true, "speedKmh": 194, "medic": true, "litter": 2, "seated": 2, "pos": {"lat": 49.17855, "lon": 34.86265}, "basePos": {"lat": 49.17855, "lon": 34.86265}, "freeAt": 157.3244164836465, "idle": false, "rangeLeftKm": null, "available": [[15.9, 777]], "carrying": {"aboard": [{"id": "c1", "atMin": 109.1, "rpm0": 5, "tau": 25.612208241823254, "rate": 0.8, "litter": true, "pos": {"lat": 49.19795, "lon": 35.64567}}], "ahead": [{"kind": "dropoff", "casualtyIds": ["c1"], "facilityId": "r2-0"}], "from": {"lat": 49.19795, "lon": 35.64567}, "posNow": {"lat": 49.19795, "lon": 35.64567}, "rangeLeftKm": null, "diverted": 0}},
    {"id": "helicopter-6", "kind": "helicopter", "protection": "air", "straightLine": true, "speedKmh": 199.1, "medic": true, "litter": 2, "seated": 2, "pos": {"lat": 49.45409, "lon": 34.82017}, "basePos": {"lat": 49.45409, "lon": 34.82017}, "freeAt": 134.71220824182325, "idle": true, "rangeLeftKm": null, "available": [[177.7, 553.8]]},
    {"id": "helicopter-7", "kind": "helicopter", "protection": "air", "straightLine": true, "speedKmh": 194.8, "medic": true, "litter": 2, "seated": 2, "pos": {"lat": 49.45409, "lon": 34.82017}, "basePos": {"lat": 49.45409, "lon": 34.82017}, "freeAt": 134.71220824182325, "idle": true, "rangeLeftKm": null, "available": [[165.9, 781.4]]},
  ],
  facilities: [
    {"id": "r1-0", "role": "R1", "pos": {"lat": 49.5169, "lon": 35.45}, "beds": 2, "bedsFree": 2, "bedsFreeAt": [], "surgicalTables": 0, "tableFreeAt": [], "surgicalBacklog": 0, "open": null},
    {"id": "r2-0", "role": "R2", "pos": {"lat": 49.17855, "lon": 34.86265}, "beds": 5, "bedsFree": 4, "bedsFreeAt": [247.3244164836465], "surgicalTables": 3, "tableFreeAt": [134.71220824182325, 134.71220824182325, 134.71220824182325], "surgicalBacklog": 1, "open": null},
    {"id": "r2-1", "role": "R2", "pos": {"lat": 49.65187, "lon": 35.13251}, "beds": 10, "bedsFree": 10, "bedsFreeAt": [], "surgicalTables": 3, "tableFreeAt": [134.71220824182325, 134.71220824182325, 134.71220824182325], "surgicalBacklog": 0, "open": null},
    {"id": "r2-2", "role": "R2", "pos": {"lat": 49.45409, "lon": 34.82017}, "beds": 16, "bedsFree": 16, "bedsFreeAt": [], "surgicalTables": 3, "tableFreeAt": [134.71220824182325, 134.71220824182325, 134.71220824182325], "surgicalBacklog": 0, "open": null},
  ],
  threats: [
    {"id": "late", "polygon": [{"lat": 48.92135, "lon": 35.45689}, {"lat": 48.92135, "lon": 35.57701}, {"lat": 49.72135, "lon": 35.57701}, {"lat": 49.72135, "lon": 35.45689}], "fromMin": 193, "toMin": 437.5, "lossPerKm": {"unprotected": 0.0606, "armoured": 0.01275, "air": 0.15929}},
  ],
  travel: {"tortuosity": 1.23, "loadMin": 8, "unloadMin": 5},
  model: DEFAULT_MODEL,
  horizonMin: 720,
  expectedRatePerMin: 0.05196262529847502,
  recent: [
    {"pos": {"lat": 49.19795, "lon": 35.64567}, "rpm0": 5, "atMin": 109.1},
    {"pos": {"lat": 49.17656, "lon": 35.57665}, "rpm0": 12, "atMin": 112.6},
    {"pos": {"lat": 49.21982, "lon": 35.63734}, "rpm0": 9, "atMin": 127.3},
    {"pos": {"lat": 49.16839, "lon": 35.62219}, "rpm0": 9, "atMin": 128.8},
    {"pos": {"lat": 49.195, "lon": 35.58501}, "rpm0": 11, "atMin": 129.7},
    {"pos": {"lat": 49.19015, "lon": 35.57807}, "rpm0": 8, "atMin": 133.5},
    {"pos": {"lat": 49.21277, "lon": 35.58293}, "rpm0": 8, "atMin": 134},
  ],
};

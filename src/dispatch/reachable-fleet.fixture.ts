// DISP-111's view, as the simulator showed it to `optimal` (held-out 1014-35, seed +0; numbers as they were, to 1e-6).
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanView } from './types.ts';

/**
 * Held-out 1014-35 at 351.7: the one ambulance 24 min up its 118-min road to c1 (RPM 9) when c8 (RPM 8) is reported
 * 5 km from c2 (RPM 10); the fleet's four unmanned vehicles (sortie ranges 20–33 km) stand at the base, some 55 km
 * from every casualty. A kill zone lies east of the casualties, off every road from the base.
 */
export const unreachableFleetView: PlanView = {
  now: 351.7,
  casualties: [
    {"id":"c1","atMin":327.6,"rpm0":9,"tau":24.1,"rate":1,"litter":false,"pos":{"lat":48.93327,"lon":35.43946},"assignedTo":"ambulance-0"},
    {"id":"c2","atMin":332.4,"rpm0":10,"tau":19.3,"rate":1,"litter":true,"pos":{"lat":48.96141,"lon":35.38036}},
    {"id":"c3","atMin":335.6,"rpm0":11,"tau":16.1,"rate":1,"litter":true,"pos":{"lat":48.95231,"lon":35.37183}},
    {"id":"c4","atMin":336.3,"rpm0":1,"tau":15.4,"rate":1,"litter":false,"pos":{"lat":48.94795,"lon":35.40146}},
    {"id":"c5","atMin":341.5,"rpm0":4,"tau":10.2,"rate":1,"litter":true,"pos":{"lat":48.95146,"lon":35.3918}},
    {"id":"c6","atMin":343.8,"rpm0":0,"tau":7.9,"rate":1,"litter":true,"pos":{"lat":48.93378,"lon":35.38023}},
    {"id":"c7","atMin":344.7,"rpm0":2,"tau":7,"rate":1,"litter":true,"pos":{"lat":48.97931,"lon":35.40801}},
    {"id":"c8","atMin":351.7,"rpm0":8,"tau":0,"rate":1,"litter":false,"pos":{"lat":48.94985,"lon":35.37485}},
  ],
  vehicles: [
    {"id":"ambulance-0","kind":"ambulance","protection":"unprotected","straightLine":false,"speedKmh":44.5,"medic":true,"litter":2,"seated":2,"pos":{"lat":49.25426,"lon":34.78257},"basePos":{"lat":49.25426,"lon":34.78257},"freeAt":351.7,"idle":true,"rangeLeftKm":null,"available":null,"diverted":0,"posNow":{"lat":49.18886,"lon":34.916407},"enRoute":["c1"],"ifKept":{"pos":{"lat":49.25426,"lon":34.78257},"freeAt":577.172094,"rangeLeftKm":null,"reach":{"atMin":445.886047,"rangeLeftKm":null}}},
    {"id":"ugv-1","kind":"ugv","protection":"unprotected","straightLine":false,"speedKmh":14.6,"medic":false,"litter":1,"seated":0,"pos":{"lat":49.25426,"lon":34.78257},"basePos":{"lat":49.25426,"lon":34.78257},"freeAt":351.7,"idle":true,"rangeLeftKm":33,"available":[[186.8,965.2]]},
    {"id":"ugv-2","kind":"ugv","protection":"unprotected","straightLine":false,"speedKmh":10.6,"medic":false,"litter":1,"seated":0,"pos":{"lat":49.25426,"lon":34.78257},"basePos":{"lat":49.25426,"lon":34.78257},"freeAt":351.7,"idle":true,"rangeLeftKm":26,"available":null},
    {"id":"ugv-3","kind":"ugv","protection":"unprotected","straightLine":false,"speedKmh":11.1,"medic":false,"litter":1,"seated":0,"pos":{"lat":49.25426,"lon":34.78257},"basePos":{"lat":49.25426,"lon":34.78257},"freeAt":351.7,"idle":true,"rangeLeftKm":30,"available":null},
    {"id":"drone-4","kind":"drone","protection":"air","straightLine":true,"speedKmh":76,"medic":false,"litter":1,"seated":0,"pos":{"lat":49.25426,"lon":34.78257},"basePos":{"lat":49.25426,"lon":34.78257},"freeAt":351.7,"idle":true,"rangeLeftKm":20,"available":[[162.5,999.7]]},
  ],
  facilities: [{"id":"r2-0","role":"R2","pos":{"lat":49.25426,"lon":34.78257},"beds":6,"bedsFree":5,"bedsFreeAt":[667.172094],"surgicalTables":2,"tableFreeAt":[351.7,351.7],"surgicalBacklog":1,"open":null}],
  threats: [{"id":"kill","polygon":[{"lat":48.96945,"lon":35.49145},{"lat":48.96945,"lon":35.64604},{"lat":49.04063,"lon":35.64604},{"lat":49.04063,"lon":35.49145}],"fromMin":0,"toMin":2160,"lossPerKm":{"unprotected":0.01753,"armoured":0.00297,"air":0.04326}}],
  travel: {"tortuosity":1.47,"loadMin":8,"unloadMin":5},
  model: DEFAULT_MODEL,
  horizonMin: 720,
  expectedRatePerMin: 0.022746659084446973,
  recent: [
    {"pos":{"lat":48.93327,"lon":35.43946},"rpm0":9,"atMin":327.6},
    {"pos":{"lat":48.96141,"lon":35.38036},"rpm0":10,"atMin":332.4},
    {"pos":{"lat":48.95231,"lon":35.37183},"rpm0":11,"atMin":335.6},
    {"pos":{"lat":48.94795,"lon":35.40146},"rpm0":1,"atMin":336.3},
    {"pos":{"lat":48.95146,"lon":35.3918},"rpm0":4,"atMin":341.5},
    {"pos":{"lat":48.93378,"lon":35.38023},"rpm0":0,"atMin":343.8},
    {"pos":{"lat":48.97931,"lon":35.40801},"rpm0":2,"atMin":344.7},
    {"pos":{"lat":48.94985,"lon":35.37485},"rpm0":8,"atMin":351.7},
  ],
};

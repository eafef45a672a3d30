// DISP-113's view, as the simulator showed it to `optimal` (held-out 1017-50, seed +0; numbers as they were, to 1e-6).
import { DEFAULT_MODEL } from './survival.ts';
import type { PlanView } from './types.ts';

/**
 * Held-out 1017-50 at 401.3: 31 improvised vehicles, all free; c8 (RPM 6, seated) reported inside the front band
 * (unprotected 0.036 lost per km). armoured-26, the armoured car nearest to c8 by time, is on its way to c7 (RPM 10);
 * armoured-14, free at its base, reaches c8 1.6 min later and is faster on to r2-0. The cars nearer still are lost on
 * the trip with a chance of 0.55.
 */
export const classFreeView: PlanView = {
  now: 401.3,
  casualties: [
    {"id":"c1","atMin":384,"rpm0":5,"tau":17.3,"rate":1,"litter":true,"pos":{"lat":47.94453,"lon":36.09377}},
    {"id":"c2","atMin":385.7,"rpm0":4,"tau":15.6,"rate":1,"litter":true,"pos":{"lat":47.92453,"lon":36.08436}},
    {"id":"c3","atMin":388.3,"rpm0":0,"tau":13,"rate":1,"litter":true,"pos":{"lat":47.91681,"lon":36.05704}},
    {"id":"c4","atMin":389,"rpm0":3,"tau":12.3,"rate":1,"litter":false,"pos":{"lat":47.94117,"lon":36.05877}},
    {"id":"c5","atMin":391.6,"rpm0":2,"tau":9.7,"rate":1,"litter":true,"pos":{"lat":47.89596,"lon":36.11735}},
    {"id":"c6","atMin":392.2,"rpm0":6,"tau":9.1,"rate":1,"litter":false,"pos":{"lat":47.92716,"lon":36.0619},"assignedTo":"civilian-car-1"},
    {"id":"c7","atMin":397.2,"rpm0":10,"tau":4.1,"rate":1,"litter":true,"pos":{"lat":47.91836,"lon":36.1164},"assignedTo":"armoured-26"},
    {"id":"c8","atMin":401.3,"rpm0":6,"tau":0,"rate":1,"litter":false,"pos":{"lat":47.94153,"lon":36.11021}},
  ],
  vehicles: [
    {"id":"ambulance-0","kind":"ambulance","protection":"unprotected","straightLine":false,"speedKmh":53.8,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-1","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":58.3,"medic":false,"litter":0,"seated":2,"pos":{"lat":47.95416,"lon":35.92846},"basePos":{"lat":47.95416,"lon":35.92846},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null,"diverted":0,"posNow":{"lat":47.938625,"lon":36.005239},"enRoute":["c6"],"ifKept":{"pos":{"lat":47.98654,"lon":35.66896},"freeAt":463.704803,"rangeLeftKm":null,"reach":{"atMin":408.015537,"rangeLeftKm":null}}},
    {"id":"armoured-2","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":37.5,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-3","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":52.1,"medic":false,"litter":0,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-4","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":38.2,"medic":true,"litter":2,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-5","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":58.1,"medic":false,"litter":0,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-6","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":27.6,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"ambulance-7","kind":"ambulance","protection":"unprotected","straightLine":false,"speedKmh":56.9,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-8","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":34.9,"medic":true,"litter":2,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-9","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":57,"medic":false,"litter":0,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-10","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":28,"medic":true,"litter":2,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"ambulance-11","kind":"ambulance","protection":"unprotected","straightLine":false,"speedKmh":43,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.05082,"lon":35.9376},"basePos":{"lat":48.05082,"lon":35.9376},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-12","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":57.6,"medic":false,"litter":0,"seated":2,"pos":{"lat":47.95416,"lon":35.92846},"basePos":{"lat":47.95416,"lon":35.92846},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-13","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":26.8,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-14","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":38,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.05082,"lon":35.9376},"basePos":{"lat":48.05082,"lon":35.9376},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-15","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":58.3,"medic":false,"litter":0,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-16","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":36.5,"medic":true,"litter":2,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-17","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":56.2,"medic":false,"litter":0,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-18","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":27.6,"medic":true,"litter":2,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-19","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":56.4,"medic":false,"litter":0,"seated":2,"pos":{"lat":48.05082,"lon":35.9376},"basePos":{"lat":48.05082,"lon":35.9376},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-20","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":51.4,"medic":false,"litter":0,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"ambulance-21","kind":"ambulance","protection":"unprotected","straightLine":false,"speedKmh":55,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.05082,"lon":35.9376},"basePos":{"lat":48.05082,"lon":35.9376},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"ambulance-22","kind":"ambulance","protection":"unprotected","straightLine":false,"speedKmh":54.4,"medic":true,"litter":2,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-23","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":63.5,"medic":false,"litter":0,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-24","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":28.6,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"ambulance-25","kind":"ambulance","protection":"unprotected","straightLine":false,"speedKmh":49.2,"medic":true,"litter":2,"seated":2,"pos":{"lat":48.31695,"lon":35.92272},"basePos":{"lat":48.31695,"lon":35.92272},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-26","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":30.4,"medic":true,"litter":2,"seated":2,"pos":{"lat":47.95416,"lon":35.92846},"basePos":{"lat":47.95416,"lon":35.92846},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":[[203.3,823.9]],"diverted":0,"posNow":{"lat":47.950708,"lon":35.946583},"enRoute":["c7"],"ifKept":{"pos":{"lat":47.95416,"lon":35.92846},"freeAt":492.235821,"rangeLeftKm":null,"reach":{"atMin":439.71791,"rangeLeftKm":null}}},
    {"id":"civilian-car-27","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":64.3,"medic":false,"litter":0,"seated":2,"pos":{"lat":48.05082,"lon":35.9376},"basePos":{"lat":48.05082,"lon":35.9376},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-28","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":67.5,"medic":false,"litter":0,"seated":2,"pos":{"lat":48.05082,"lon":35.9376},"basePos":{"lat":48.05082,"lon":35.9376},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"civilian-car-29","kind":"civilian-car","protection":"unprotected","straightLine":false,"speedKmh":67.2,"medic":false,"litter":0,"seated":2,"pos":{"lat":48.05082,"lon":35.9376},"basePos":{"lat":48.05082,"lon":35.9376},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
    {"id":"armoured-30","kind":"armoured","protection":"armoured","straightLine":false,"speedKmh":36.9,"medic":true,"litter":2,"seated":2,"pos":{"lat":47.98654,"lon":35.66896},"basePos":{"lat":47.98654,"lon":35.66896},"freeAt":401.3,"idle":true,"rangeLeftKm":null,"available":null},
  ],
  facilities: [{"id":"r1-0","role":"R1","pos":{"lat":48.31695,"lon":35.92272},"beds":2,"bedsFree":2,"bedsFreeAt":[],"surgicalTables":0,"tableFreeAt":[],"surgicalBacklog":0,"open":null},{"id":"r1-1","role":"R1","pos":{"lat":47.95416,"lon":35.92846},"beds":8,"bedsFree":7,"bedsFreeAt":[492.235821],"surgicalTables":0,"tableFreeAt":[],"surgicalBacklog":0,"open":null},{"id":"r1-2","role":"R1","pos":{"lat":48.05082,"lon":35.9376},"beds":6,"bedsFree":6,"bedsFreeAt":[],"surgicalTables":0,"tableFreeAt":[],"surgicalBacklog":0,"open":null},{"id":"r2-0","role":"R2","pos":{"lat":47.98654,"lon":35.66896},"beds":7,"bedsFree":6,"bedsFreeAt":[553.704803],"surgicalTables":2,"tableFreeAt":[401.3,401.3],"surgicalBacklog":1,"open":null}],
  threats: [{"id":"band","polygon":[{"lat":47.57678,"lon":36.01257},{"lat":47.57678,"lon":36.11115},{"lat":48.57678,"lon":36.11115},{"lat":48.57678,"lon":36.01257}],"fromMin":0,"toMin":2160,"lossPerKm":{"unprotected":0.03593,"armoured":0.00609,"air":0.07219}}],
  travel: {"tortuosity":1.48,"loadMin":5,"unloadMin":5},
  model: DEFAULT_MODEL,
  horizonMin: 720,
  expectedRatePerMin: 0.019935,
  recent: [
    {"pos":{"lat":47.94453,"lon":36.09377},"rpm0":5,"atMin":384},
    {"pos":{"lat":47.92453,"lon":36.08436},"rpm0":4,"atMin":385.7},
    {"pos":{"lat":47.91681,"lon":36.05704},"rpm0":0,"atMin":388.3},
    {"pos":{"lat":47.94117,"lon":36.05877},"rpm0":3,"atMin":389},
    {"pos":{"lat":47.89596,"lon":36.11735},"rpm0":2,"atMin":391.6},
    {"pos":{"lat":47.92716,"lon":36.0619},"rpm0":6,"atMin":392.2},
    {"pos":{"lat":47.91836,"lon":36.1164},"rpm0":10,"atMin":397.2},
    {"pos":{"lat":47.94153,"lon":36.11021},"rpm0":6,"atMin":401.3},
  ],
};

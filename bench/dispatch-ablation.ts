// `npm run bench:dispatch-ablation -- [--family F] [--scenarios N] [--seeds K] [--from I] [--file SCENARIO.json]`: the terms of `optimal`
// switched one at a time (DISP-9 anticipation on, DISP-16 divert off, DISP-20 critical re-plans off, DISP-19
// sequences off or on under threats at the flat price, DISP-33's future worth off, DISP-34's minor re-plans off, DISP-35's minor risk limit back, DISP-36 on, DISP-21's floor off and its last-vehicle worth on, DISP-22's tie bonus back, DISP-23's carry on off, DISP-24's earnings cap off, DISP-25's spare vehicle off, DISP-26's loss limit for minor casualties off, DISP-27's speed worth on, DISP-98's for vehicles of twice the fleet's median pace only, or only for the fleet's one such vehicle, DISP-102's substitute worth off or for every vehicle, DISP-28's last-vehicle trips off, DISP-29's second-chance risk on, DISP-89's second chance for trips below 0.1 through off or at 0.3, DISP-30's earnings floor off, DISP-103's floor only for threats that close before the horizon on, DISP-31's minor rides as any or with no critical loss, DISP-30 and 31 both off, DISP-37's reported worth on, DISP-38's past-saving waypoint off, DISP-39's own-leg extension off, DISP-42's own reservations on, DISP-43's arrival slots off, DISP-44's extensions after the re-plan on, DISP-45's extension instead of a minor re-plan off, DISP-46's left-taken divert check off, DISP-47's group queue on in extensions or everywhere, DISP-48's own places on, alone or with DISP-47 in extensions, DISP-50's onward leg by a vehicle that can carry the casualty on, DISP-53's leg critical first off, DISP-93's minor detour for a share 0.25 or 0.5 of its gain on, DISP-96's sequence held back for a first trip below 0.1 taking the only vehicle of its kind over 60 min on, with that vehicle held, or only while reports are expected, and its no minor re-plan within 30 min of the pickup on, DISP-97's waypoints past saving off, or also in the search, DISP-99's stop floor off, or with later beds, always or for casualties settled by then, DISP-101's trips of three in the search on, also without DISP-31's rule on them, or only in a fleet of one, DISP-54's divert risk from here off, DISP-56's spare for a dropped divert on, DISP-57's later risk of a divert's left casualties off (with DISP-59) or DISP-59 alone off, DISP-58's finite trips on, DISP-63's time worth on, everywhere, without threats only or while no zone is to open, DISP-64's extension time on, DISP-65's stop table charge on, DISP-66's leg keeps its facility on, DISP-70's only where a vehicle's trip, or this or a free vehicle's, is the casualty's alternative, DISP-71's own-baseline loss on, DISP-72's onward leg after the fleet's load on, DISP-73's onward vehicle on its way once its job is done on, or both, DISP-74's idle vehicle waited for by one casualty on, DISP-75's leg's own places given back to DISP-53's check off, DISP-78's search with refused re-plans' legs kept off, DISP-79's two re-plans per leg in a small fleet off, DISP-80's small fleet's diverts priced from where the vehicle is on, DISP-76's beds given back in the search as they free on, DISP-77's spent window on, DISP-81's one trip not pricing its vehicle on, DISP-82's lone-vehicle gate on, DISP-85's sunk leg at 0.5 or 0.3, DISP-84's sunk leg re-plans reaching later at 0.5, DISP-86's grown own-leg job off, DISP-83's chain on a small fleet's own leg off or for any casualty, DISP-87's chain charged half its minutes' price or a 0.05 margin, DISP-88's more than one addition to a leg off or in any fleet, DISP-91's small fleet's critical casualties first on every trip or in re-plans, DISP-92's group queue where the round has vehicles to spare on, DISP-100's baselines lowered by the round's commitments off, DISP-104's exact plan for a lone vehicle on, DISP-107's only without zones, weighting minor survivors 0.1 or 0.25, or both, DISP-105's vehicle on its way waited for once its leg is done in a small fleet or any, or in a small fleet with DISP-56, and its swap of legs on, DISP-106's swap priced as the divert's own casualties, only where both halves are critical, or both (with the swap) on, DISP-108's delayed alternative through the zones as they are then, where one opens or also where one closes, DISP-109's trades settled in critical survivors and charged the alternatives they spend, for re-plans, insertions or both, DISP-110's lone vehicle's re-plans priced from where it is off, DISP-112's onward leg only while its facility is open (skipped or waited for), DISP-113's nearest free vehicle of each class valued too, for every casualty or critical ones only, DISP-120's last-vehicle worth for a vehicle no other can stand in for off, or also for one on its way, DISP-122's later vehicle counted only for trips it would take at any price on, DISP-124's at the price its window's wait can reach on, DISP-123's assignment solved again without the diverts DISP-16 refuses on, DISP-125's refused diverts weighed by DISP-23/25 on, or with their casualties counted at no less than their baseline; `--variants a,b` runs only those) beside `optimal-v1` and `closest`, on a generated family (default: family 61, 200 × 2), in expected
// critical survivors relative to `optimal`: ratio of totals and mean of per-scenario ratios ± 95 % half-width (normal approximation over scenarios), and vehicles lost (per-scenario means over seeds, summed). No traces, so no checker here.
import { closestPolicy, makeOptimalPolicy, optimalV1Policy } from '../src/dispatch/index.ts';
import type { Policy } from '../src/dispatch/index.ts';
import { generateScenario } from '../src/sim/generate.ts';
import { metricsOf } from '../src/sim/metrics.ts';
import { parseScenario } from '../src/sim/scenario.ts';
import { simulate } from '../src/sim/simulator.ts';
import { readFileSync } from 'node:fs';
import { switchedVariant } from './optimal-switches.ts';
import { seedsHalfWidth } from './seeds-noise.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const family = Number(flag('--family', '61'));
const n = Number(flag('--scenarios', '200'));
const seeds = Number(flag('--seeds', '2'));
const from = Number(flag('--from', '0'));
// `--variants a,b`: only these (and `optimal`, the reference), to measure one term in less time.
// `--movers K`: per variant, the K scenarios where it differs most from `optimal` (the same runs, in turn), and its sum's
// difference from `optimal`'s with the 95 % half-width the seeds alone make (`seedsHalfWidth`).
const movers = Number(flag('--movers', '0'));
// `--file F`: one scenario file (an example) instead of a family; each of its seeds (from its own seed + `--from`) is
// then a row, so the mean ratio and its half-width are over seeds (the example's seeds differ only in their draws).
// `--threat-draws shared`: threat hits from one stream for the whole run, drawn per leg (SIM-10 before session 19),
// to compare the noise between paired runs with the default per-vehicle draws.
const threatDraws = flag('--threat-draws', 'vehicle') === 'shared' ? 'shared' : 'vehicle';
// `--per-seed NAME`: with `--file`, the spread of the per-seed difference NAME − optimal (the noise between paired runs).
const perSeed = args.includes('--per-seed') ? flag('--per-seed', '') : null;
const file = args.includes('--file') ? flag('--file', '') : null;
const fileScenario = file ? parseScenario(JSON.parse(readFileSync(file, 'utf8'))) : null;
const only = args.includes('--variants') ? new Set(['optimal', ...flag('--variants', '').split(',')]) : null;

const variants: Record<string, Policy> = {
  optimal: makeOptimalPolicy(),
  'anticipation on': makeOptimalPolicy({ anticipate: 2 }),
  'divert off': makeOptimalPolicy({ divert: false }),
  'critical re-plans off': makeOptimalPolicy({ criticalDiverts: 0 }),
  'earnings cap off': makeOptimalPolicy({ earningsCap: false }),
  'sequences off': makeOptimalPolicy({ sequence: false }),
  'sequences under threats, flat price': makeOptimalPolicy({ sequenceThreats: true, sequenceFutureWorth: false }),
  'sequence future worth off': makeOptimalPolicy({ sequenceFutureWorth: false }),
  'sequence minor re-plans off': makeOptimalPolicy({ sequenceMinorDiverts: 0 }),
  'sequence minor risk limit back': makeOptimalPolicy({ sequencePricesMinorRisk: false }),
  'sequence unpriced extensions off': makeOptimalPolicy({ sequenceNoUnpricedExtension: true }),
  'untreated floor off': makeOptimalPolicy({ untreatedFloor: false }),
  'last vehicle worth on': makeOptimalPolicy({ lastVehicleWorth: true }),
  'tie bonus 0.01': makeOptimalPolicy({ tieBonus: 0.01 }),
  'carry on off': makeOptimalPolicy({ carryOn: false }),
  'spare for divert off': makeOptimalPolicy({ spareForDivert: false }),
  'minor trip loss limit off': makeOptimalPolicy({ minorTripMaxLoss: 1 }),
  'speed worth on': makeOptimalPolicy({ speedWorth: true }),
  'fast worth 2': makeOptimalPolicy({ fastWorth: 2 }),
  'fast worth 2 alone': makeOptimalPolicy({ fastWorth: 2, fastWorthAlone: true }),
  'substitute worth off': makeOptimalPolicy({ substituteWorth: 'off' }),
  'substitute worth all': makeOptimalPolicy({ substituteWorth: 'all' }),
  'last vehicle trips off': makeOptimalPolicy({ lastVehicleTrips: false }),
  'second chance risk on': makeOptimalPolicy({ secondChanceRisk: true }),
  'second chance below off': makeOptimalPolicy({ secondChanceBelow: 0 }),
  'second chance below 0.3': makeOptimalPolicy({ secondChanceBelow: 0.3 }),
  'earnings floor off': makeOptimalPolicy({ earningsFloor: false }),
  'floor after threats on': makeOptimalPolicy({ floorAfterThreats: true }),
  'minor rides any': makeOptimalPolicy({ minorRides: 'any' }),
  'minor rides no critical loss': makeOptimalPolicy({ minorRides: 'no-critical-loss' }),
  'small fleet critical first': makeOptimalPolicy({ smallFleetCriticalFirst: 'all' }),
  'small fleet critical first in re-plans': makeOptimalPolicy({ smallFleetCriticalFirst: 'replans' }),
  'DISP-30 and 31 off': makeOptimalPolicy({ earningsFloor: false, minorRides: 'any' }),
  'reported worth on': makeOptimalPolicy({ reportedWorth: true }),
  'past saving waypoint off': makeOptimalPolicy({ pastSavingWaypoint: false }),
  'own leg extension off': makeOptimalPolicy({ ownLegExtension: false }),
  'savable sponsor off': makeOptimalPolicy({ savableSponsor: false }),
  'later vehicles off': makeOptimalPolicy({ laterVehicles: false }),
  'own reservations on': makeOptimalPolicy({ ownReservations: true }),
  'arrival slots off': makeOptimalPolicy({ arrivalSlots: false }),
  'arrival displacement off': makeOptimalPolicy({ arrivalDisplace: false }),
  'extend after re-plan on': makeOptimalPolicy({ extendAfterReplan: true }),
  'minor re-plan extends off': makeOptimalPolicy({ minorRePlanExtends: false }),
  'left taken off': makeOptimalPolicy({ leftTaken: false }),
  'group queue in extensions': makeOptimalPolicy({ groupQueue: 'extensions' }),
  'group queue everywhere': makeOptimalPolicy({ groupQueue: 'all' }),
  'spare group queue on': makeOptimalPolicy({ spareGroupQueue: true }),
  'own places on': makeOptimalPolicy({ ownPlaces: true }),
  'own places on, group queue in extensions': makeOptimalPolicy({ ownPlaces: true, groupQueue: 'extensions' }),
  'onward carries on': makeOptimalPolicy({ onwardCarries: true }),
  'dropped divert spare on': makeOptimalPolicy({ droppedDivertSpare: true }),
  'left later risk off': makeOptimalPolicy({ leftLaterRisk: false }),
  'later risk carry on off': makeOptimalPolicy({ laterRiskCarryOn: false }),
  'finite trips on': makeOptimalPolicy({ finiteTrips: true }),
  'leg critical first off': makeOptimalPolicy({ legCriticalFirst: false }),
  'minor detour share 0.25': makeOptimalPolicy({ minorDetourShare: 0.25 }),
  'minor detour share 0.5': makeOptimalPolicy({ minorDetourShare: 0.5 }),
  'sequence low gain 0.1 over 60 min': makeOptimalPolicy({ sequenceLowGain: 0.1 }),
  'sequence low gain 0.1 over 60 min held': makeOptimalPolicy({ sequenceLowGain: 0.1, sequenceLowGainHolds: true }),
  'minor re-plan not within 30 min': makeOptimalPolicy({ minorDivertNearMin: 30 }),
  'sequence low gain 0.1 over 60 min with reports to come': makeOptimalPolicy({ sequenceLowGain: 0.1, sequenceLowGainToCome: 1 }),
  'waypoints off': makeOptimalPolicy({ waypoints: 'off' }),
  'waypoints aboard and in the search': makeOptimalPolicy({ waypoints: 'all' }),
  'stop floor off': makeOptimalPolicy({ stopFloor: 'off' }),
  'stop floor with later beds': makeOptimalPolicy({ stopFloor: 'beds' }),
  'stop floor with later beds if settled': makeOptimalPolicy({ stopFloor: 'settled' }),
  'sequence triples': makeOptimalPolicy({ sequenceTriples: 8 }),
  'sequence triples any rides': makeOptimalPolicy({ sequenceTriples: 8, sequenceTriplesAnyRides: true }),
  'sequence triples one vehicle': makeOptimalPolicy({ sequenceTriples: 8, sequenceTriplesMaxVehicles: 1 }),
  'add aboard clocks': makeOptimalPolicy({ addAboard: 'clocks' }),
  'add aboard tables': makeOptimalPolicy({ addAboard: 'tables' }),
  'divert risk from here off': makeOptimalPolicy({ divertRiskFromHere: 'off' }),
  'divert risk from here for diverts only': makeOptimalPolicy({ divertRiskFromHere: 'diverts' }),
  'time worth on': makeOptimalPolicy({ timeWorth: 'all' }),
  'time worth without threats': makeOptimalPolicy({ timeWorth: 'no-threats' }),
  'time worth while no zone opens': makeOptimalPolicy({ timeWorth: 'no-opening' }),
  'extension time on': makeOptimalPolicy({ extensionTime: 'all' }),
  'extension time, other facility': makeOptimalPolicy({ extensionTime: 'other-facility' }),
  'stop table charge on': makeOptimalPolicy({ stopTableCharge: true }),
  'leg keeps facility on': makeOptimalPolicy({ legKeepsFacility: true }),
  'extension time where a trip is the alternative': makeOptimalPolicy({ extensionTime: 'all', freeAlternativeTime: 'trip' }),
  'extension time own or free alternative': makeOptimalPolicy({ extensionTime: 'all', freeAlternativeTime: 'own-or-free' }),
  'own baseline loss on': makeOptimalPolicy({ ownBaselineLoss: true }),
  'onward load on': makeOptimalPolicy({ onwardLoad: true }),
  'onward if kept on': makeOptimalPolicy({ onwardIfKept: true }),
  'onward load and if kept on': makeOptimalPolicy({ onwardLoad: true, onwardIfKept: true }),
  'idle once on': makeOptimalPolicy({ idleOnce: true }),
  'spare own places off': makeOptimalPolicy({ spareOwnPlaces: false }),
  'sequence keeps legs off': makeOptimalPolicy({ sequenceKeepsLegs: false }),
  'small fleet diverts off': makeOptimalPolicy({ smallFleetDiverts: 0 }),
  'small fleet risk from here on': makeOptimalPolicy({ smallFleetRiskFromHere: true }),
  'lone risk from here off': makeOptimalPolicy({ loneRiskFromHere: false }),
  'bed frees later': makeOptimalPolicy({ bedFrees: 'later' }),
  'window spent on': makeOptimalPolicy({ windowSpent: true }),
  'one trip worth on': makeOptimalPolicy({ oneTripWorth: true }),
  'lone gate on': makeOptimalPolicy({ loneMinThrough: 0.5 }),
  'sunk leg 0.5': makeOptimalPolicy({ sunkLegShare: 0.5 }),
  'sunk leg 0.3': makeOptimalPolicy({ sunkLegShare: 0.3 }),
  'sunk leg later 0.5': makeOptimalPolicy({ sunkLegShare: 0.5, sunkLegLater: true }),
  'own leg grown off': makeOptimalPolicy({ ownLegGrown: false }),
  'chain own leg off': makeOptimalPolicy({ chainOwnLeg: 'off' }),
  'chain own leg all': makeOptimalPolicy({ chainOwnLeg: 'all' }),
  'chain time half': makeOptimalPolicy({ chainTime: 0.5 }),
  'chain margin 0.05': makeOptimalPolicy({ chainMargin: 0.05 }),
  'add more to leg off': makeOptimalPolicy({ addMoreToLeg: 'off' }),
  'add more to leg in any fleet': makeOptimalPolicy({ addMoreToLeg: 'all' }),
  'slot fresh off': makeOptimalPolicy({ slotFresh: false }),
  'en-route alternative small': makeOptimalPolicy({ enRouteAlternative: 'small' }),
  'en-route alternative all': makeOptimalPolicy({ enRouteAlternative: 'all' }),
  'en-route alternative small with dropped divert spare': makeOptimalPolicy({ enRouteAlternative: 'small', droppedDivertSpare: true }),
  'swap legs on': makeOptimalPolicy({ swapLegs: true }),
  'swap legs priced': makeOptimalPolicy({ swapLegs: true, swapPriced: true }),
  'swap legs critical': makeOptimalPolicy({ swapLegs: true, swapCritical: true }),
  'swap legs priced and critical': makeOptimalPolicy({ swapLegs: true, swapPriced: true, swapCritical: true }),
  'exact lone on': makeOptimalPolicy({ exactLone: true }),
  'delayed zones opening': makeOptimalPolicy({ delayedZones: 'opening' }),
  'delayed zones both': makeOptimalPolicy({ delayedZones: 'both' }),
  'critical trade': makeOptimalPolicy({ criticalTrade: 'both' }),
  'critical trade diverts': makeOptimalPolicy({ criticalTrade: 'diverts' }),
  'critical trade insertions': makeOptimalPolicy({ criticalTrade: 'insertions' }),
  'reachable fleet on': makeOptimalPolicy({ reachableFleet: 'view' }),
  'reachable fleet gates': makeOptimalPolicy({ reachableFleet: 'gates' }),
  'onward open skip': makeOptimalPolicy({ onwardOpen: 'skip' }),
  'onward open wait': makeOptimalPolicy({ onwardOpen: 'wait' }),
  'class free nearest': makeOptimalPolicy({ classFreeNearest: 'all' }),
  'class free nearest critical': makeOptimalPolicy({ classFreeNearest: 'critical' }),
  'exact lone without zones': makeOptimalPolicy({ exactLone: true, exactLoneNoZones: true }),
  'exact lone minor 0.1': makeOptimalPolicy({ exactLone: true, exactLoneMinorWeight: 0.1 }),
  'exact lone minor 0.25': makeOptimalPolicy({ exactLone: true, exactLoneMinorWeight: 0.25 }),
  'exact lone minor 0.1 without zones': makeOptimalPolicy({ exactLone: true, exactLoneMinorWeight: 0.1, exactLoneNoZones: true }),
  'exact lone minor 0.25 without zones': makeOptimalPolicy({ exactLone: true, exactLoneMinorWeight: 0.25, exactLoneNoZones: true }),
  'sole server trips off': makeOptimalPolicy({ soleServerTrips: 'off' }),
  'sole server trips all': makeOptimalPolicy({ soleServerTrips: 'all' }),
  'later vehicles honoured on': makeOptimalPolicy({ laterVehiclesHonoured: true }),
  'later vehicles honoured wait on': makeOptimalPolicy({ laterVehiclesHonouredWait: true }),
  'refused divert passes 4': makeOptimalPolicy({ refusedDivertPasses: 4 }),
  'refused divert carry on': makeOptimalPolicy({ refusedDivertCarryOn: true }),
  'refused divert carry on at baseline': makeOptimalPolicy({ refusedDivertCarryOn: true, refusedDivertBaseline: true }),
  'optimal-v1': optimalV1Policy,
  closest: closestPolicy,
};
const critical: Record<string, number[]> = {};
// Per variant, per row, each seed's critical survivors (for the seeds' share of the noise in a variant's sum, below).
const perRun: Record<string, number[][]> = {};
const all: Record<string, number> = {};
// Vehicles lost per variant: the sum over rows of the mean over seeds.
const lost: Record<string, number> = {};
const cpu0 = process.cpuUsage();
const rows = fileScenario ? seeds : n;
// `--on t1,t2=value --off t3`: one more variant, `optimal` with those terms switched, for a term or value the list above
// does not name (its name, e.g. "ownPlaces on", is what `--per-seed` takes).
const switched = switchedVariant(args);
if (switched) {
  variants[switched.name] = makeOptimalPolicy(switched.params);
  only?.add(switched.name);
}
// `--lone-views`: every variant but `optimal` differs from it only on a one-vehicle view (DISP-104, DISP-107), so it is
// run only on the (scenario, seed) pairs whose `optimal` run shows such a view; elsewhere its run is `optimal`'s
// (the same jobs round by round). Only for such variants: the bench does not check it.
const loneViews = args.includes('--lone-views');
const metricsCache = new Map<number, ReturnType<typeof metricsOf>>();
let loneRuns = 0;
/** `optimal`'s run of a seed, noting whether any round's view held one vehicle (`--lone-views`). */
function referenceRun(s: ReturnType<typeof parseScenario>, p: Policy, seed: number): ReturnType<typeof metricsOf> {
  let lone = false;
  const m = metricsOf(simulate(s, { ...p, plan: (v) => ((lone ||= v.vehicles.length === 1), p.plan(v)) }, { seed, trace: false, threatDraws }));
  if (!lone) metricsCache.set(seed, m);
  else loneRuns++;
  return m;
}
for (let i = from; i < from + rows; i++) {
  const s = fileScenario ?? parseScenario(generateScenario(family, i));
  const runs = fileScenario ? [s.seed + i] : Array.from({ length: seeds }, (_, k) => s.seed + k);
  metricsCache.clear();
  for (const [name, p] of Object.entries(variants).filter(([name]) => !only || only.has(name))) {
    let c = 0;
    let a = 0;
    const each: number[] = [];
    for (const seed of runs) {
      const reference = loneViews && name === 'optimal';
      const m = reference ? referenceRun(s, p, seed) : ((loneViews ? metricsCache.get(seed) : undefined) ?? metricsOf(simulate(s, p, { seed, trace: false, threatDraws })));
      c += m.expectedSurvivors.critical / runs.length;
      each.push(m.expectedSurvivors.critical);
      a += m.expectedSurvivors.all / runs.length;
      lost[name] = (lost[name] ?? 0) + m.vehiclesLost / runs.length;
    }
    (critical[name] ??= []).push(c);
    (perRun[name] ??= []).push(each);
    all[name] = (all[name] ?? 0) + a;
  }
}
const cpu = process.cpuUsage(cpu0);
const sum = (xs: readonly number[]): number => xs.reduce((x, y) => x + y, 0);
const base = critical['optimal']!;
const what = fileScenario ? `${fileScenario.name}, seeds ${fileScenario.seed + from}…${fileScenario.seed + from + seeds - 1} (rows)` : `family ${family}, scenarios ${from}…${from + n - 1}, ${seeds} seeds`;
console.log(`dispatch ablation: ${what}; threat draws ${threatDraws}; ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU${loneViews ? `; ${loneRuns} runs with a one-vehicle view (the variants run on those only)` : ''}`);
console.log('variant                      critical   all        total ratio  mean ratio ± 95 %  vehicles lost');
for (const name of Object.keys(critical)) {
  const xs = critical[name]!;
  const r = xs.flatMap((x, i) => (base[i]! > 1e-9 ? [x / base[i]!] : []));
  const mean = sum(r) / r.length;
  const sd = Math.sqrt(sum(r.map((x) => (x - mean) ** 2)) / Math.max(1, r.length - 1));
  console.log(`${name.padEnd(28)} ${sum(xs).toFixed(2).padStart(9)}  ${all[name]!.toFixed(2).padStart(9)}  ${(sum(xs) / sum(base)).toFixed(3).padStart(11)}  ${mean.toFixed(3)} ± ${((1.96 * sd) / Math.sqrt(r.length)).toFixed(3)}  ${lost[name]!.toFixed(2).padStart(13)}`);
}
if (movers > 0) {
  for (const name of Object.keys(critical)) {
    if (name === 'optimal') continue;
    const d = critical[name]!.map((x, i) => ({ i: from + i, d: base[i]! - x })).filter((x) => Math.abs(x.d) > 1e-6);
    d.sort((a, b) => b.d - a.d);
    const fmt = (x: { i: number; d: number }): string => `${fileScenario ? `seed ${fileScenario.seed + x.i}` : `${family}-${x.i}`} ${x.d >= 0 ? '+' : '−'}${Math.abs(x.d).toFixed(3)}`;
    console.log(`${name}: ${d.length} scenarios move; optimal gains most on ${d.slice(0, movers).map(fmt).join(', ')}; loses most on ${d.slice(-movers).reverse().filter((x) => x.d < 0).map(fmt).join(', ')}`);
    const noise = fileScenario ? null : seedsHalfWidth(perRun[name]!, perRun['optimal']!);
    const diff = sum(critical[name]!) - sum(base);
    if (noise !== null) console.log(`${name}: sum − optimal's ${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(2)}, ± ${noise.toFixed(2)} from the seeds alone (95 %, paired)`);
  }
}
if (perSeed && critical[perSeed]) {
  const d = critical[perSeed]!.map((x, i) => base[i]! - x);
  const mean = sum(d) / d.length;
  const sd = Math.sqrt(sum(d.map((x) => (x - mean) ** 2)) / Math.max(1, d.length - 1));
  const q = [...d].sort((a, b) => a - b);
  console.log(`optimal − ${perSeed} per row: mean ${mean.toFixed(3)}, sd ${sd.toFixed(3)}, 95 % half-width ${((1.96 * sd) / Math.sqrt(d.length)).toFixed(3)}, min ${q[0]!.toFixed(3)}, max ${q[q.length - 1]!.toFixed(3)}; first 10 rows: mean ${(sum(d.slice(0, 10)) / Math.min(10, d.length)).toFixed(3)}, total ratio ${(sum(base.slice(0, 10)) / sum(critical[perSeed]!.slice(0, 10))).toFixed(3)}`);
}


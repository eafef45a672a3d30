// Code systems of the casualty card, the 9-line and triage. Each vocabulary is kept apart; mappings between them
// are explicit functions, never a merged label set (NATO T2 "delayed" is UK T2 "urgent").
import { z } from 'zod';

export const Mechanism = z.enum([
  'artillery', 'blunt', 'burn', 'fall', 'grenade', 'gunshot', 'ied', 'landmine', 'mvc', 'rpg',
  'drone-dropped', 'fpv-drone', 'cluster', 'mine-uxo', 'other',
]);
export type Mechanism = z.infer<typeof Mechanism>;

export const BodyRegion = z.enum([
  'head', 'face', 'neck', 'chest', 'abdomen', 'pelvis', 'back', 'buttocks',
  'right-arm', 'left-arm', 'right-hand', 'left-hand', 'right-leg', 'left-leg', 'right-foot', 'left-foot',
]);
export type BodyRegion = z.infer<typeof BodyRegion>;
export const BodyView = z.enum(['front', 'back']);

export const InjuryKind = z.enum([
  'penetrating', 'blast', 'burn', 'fracture', 'amputation', 'laceration', 'crush', 'gunshot-wound', 'other',
]);

export const Limb = z.enum(['right-arm', 'left-arm', 'right-leg', 'left-leg', 'junctional', 'truncal']);
export type Limb = z.infer<typeof Limb>;
export const TourniquetType = z.enum(['CAT', 'SICH', 'Dnipro', 'SOFTT-W', 'improvised', 'junctional', 'other']);

/** MARCH groups of the card, with the kinds each holds. `C` carries fluids and blood products. */
export const MARCH = {
  M: ['haemostatic-dressing', 'pressure-dressing', 'wound-packing'],
  A: ['airway-intact', 'npa', 'sga', 'et-tube', 'cric', 'recovery-position'],
  R: ['o2', 'needle-decompression', 'chest-tube', 'chest-seal'],
  C: ['crystalloid', 'whole-blood', 'plasma', 'prbc', 'colloid'],
  H: ['hypothermia-prevention', 'head-elevation'],
  other: ['combat-pill-pack', 'eye-shield', 'splint', 'pelvic-binder', 'other'],
} as const;
export const MarchGroup = z.enum(['M', 'A', 'R', 'C', 'H', 'other']);
export type MarchGroup = z.infer<typeof MarchGroup>;
export const TreatmentKind = z.enum(Object.values(MARCH).flat() as [string, ...string[]]);

export const Route = z.enum(['IV', 'IO', 'IM', 'PO', 'IN', 'SL', 'buccal', 'topical', 'OTFC', 'other']);
export const DoseUnit = z.enum(['mg', 'mcg', 'g', 'ml', 'IU', 'tab']);
/**
 * A medication's class, as given: ketamine for sedation (300 mg IM, 1–2 mg/kg IV) is a sedative, not an analgesic.
 * New classes go at the end (the radio codec v1 carries the first four in 2 bits; see RADIO_MED_CLASSES).
 */
export const MedicationClass = z.enum(['analgesic', 'antibiotic', 'haemostatic', 'other', 'sedative']);

export const Avpu = z.enum(['A', 'V', 'P', 'U']);

// Triage: one system per decision, its own labels.
export const NatoTriage = z.enum(['T1', 'T2', 'T3', 'T4', 'dead']);
export const StartTriage = z.enum(['immediate', 'delayed', 'minor', 'dead']);
export const SaltTriage = z.enum(['immediate', 'delayed', 'minimal', 'expectant', 'dead']);
export const Triage = z.discriminatedUnion('system', [
  z.object({ system: z.literal('NATO'), category: NatoTriage }),
  z.object({ system: z.literal('START'), category: StartTriage }),
  z.object({ system: z.literal('SALT'), category: SaltTriage }),
]);
export type Triage = z.infer<typeof Triage>;

export { natoEquivalent } from './triage-order.ts';

/** Evacuation precedence (card and 9-line line 3). NATO has dropped "convenience"; it is accepted, never offered. */
export const Precedence = z.enum(['urgent', 'urgent-surgical', 'priority', 'routine', 'convenience']);
export type Precedence = z.infer<typeof Precedence>;
export const PRECEDENCE_LETTER = { urgent: 'A', 'urgent-surgical': 'B', priority: 'C', routine: 'D', convenience: 'E' } as const;
/** Time standard in minutes from the request (ATP 4-02.2). */
export const PRECEDENCE_LIMIT_MIN = { urgent: 60, 'urgent-surgical': 60, priority: 240, routine: 1440, convenience: 1440 } as const;
export const precedenceRank = (p: Precedence): number => Precedence.options.indexOf(p);

export const Outcome = z.enum(['returned-to-duty', 'evacuated-onward', 'died-of-wounds', 'killed-in-action', 'permanent-injury']);
export type Outcome = z.infer<typeof Outcome>;

export const PersonStatus = z.enum(['military', 'civilian', 'prisoner']);
export const Sex = z.enum(['male', 'female', 'unknown']);

export const VehicleKind = z.enum(['ambulance', 'armoured', 'civilian-car', 'ugv', 'drone', 'helicopter']);
export type VehicleKind = z.infer<typeof VehicleKind>;
export const FacilityRole = z.enum(['CCP', 'R1', 'R2', 'R3', 'R4']);
export type FacilityRole = z.infer<typeof FacilityRole>;

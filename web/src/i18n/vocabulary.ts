// The labels every language must give the core's vocabularies: one key per value of each enum (event types, triage
// categories, precedences, mechanisms, limbs, treatments, 9-line codes, stages, vehicle and facility states…). A
// value added to a core enum without a label in en.ts and uk.ts is a type error, and so is a label left behind.
import type { z } from 'zod';
import type {
  BodyRegion, BodyView, Cbrn, DoseUnit, EventType, Facility, InjuryKind, LINE8, Limb, MARCH, MarchGroup, Marking, Mechanism, NatoTriage,
  Outcome, Precedence, Route, SaltTriage, Security, SpecialEquipment, StartTriage, Vehicle, VehicleKind,
} from '../../../src/core/index.ts';
import type { STAGES } from '../../../src/core/api.ts';

type Labels<P extends string, V extends string> = Record<`${P}.${V}`, string>;
type Of<E extends z.ZodEnum> = z.infer<E>;

/** Labels of each core vocabulary, by prefix: `mech.blast`, `tcat.NATO.T1`, `ev.tourniquet.applied`, … */
export type Vocabulary =
  Labels<'ev', EventType> &
  Labels<'mech', Mechanism> &
  Labels<'region', BodyRegion> &
  Labels<'body', Of<typeof BodyView>> &
  Labels<'injury', Of<typeof InjuryKind>> &
  Labels<'limb', Limb> &
  Labels<'march', MarchGroup> &
  Labels<'tx', (typeof MARCH)[keyof typeof MARCH][number]> &
  Labels<'route', Of<typeof Route>> &
  Labels<'unit', Of<typeof DoseUnit>> &
  Labels<'tcat.NATO', Of<typeof NatoTriage>> &
  Labels<'tcat.START', Of<typeof StartTriage>> &
  Labels<'tcat.SALT', Of<typeof SaltTriage>> &
  Labels<'prec', Precedence> &
  Labels<'outcome', Outcome> &
  Labels<'stage', (typeof STAGES)[number]> &
  Labels<'vkind', VehicleKind> &
  Labels<'vstatus', Vehicle['status']> &
  Labels<'fstatus', Facility['status']> &
  Labels<'intake', Facility['intake']> &
  Labels<'equip', Of<typeof SpecialEquipment>> &
  Labels<'sec', Of<typeof Security>> &
  Labels<'mark', Of<typeof Marking>> &
  Labels<'nat', (typeof LINE8)[number]> &
  Labels<'cbrn', Of<typeof Cbrn>>;

/** The prefixes above; a key under one of them that is not a value of its enum is a label left behind. */
type Prefix = 'ev' | 'mech' | 'region' | 'injury' | 'limb' | 'march' | 'tx' | 'route' | 'unit' | 'tcat' | 'prec' | 'outcome' | 'stage' | 'vkind'
  | 'vstatus' | 'fstatus' | 'intake' | 'equip' | 'sec' | 'mark' | 'nat' | 'cbrn';
/** Labels the table lacks (never, when every value of every vocabulary has one). */
export type Unlabelled<T> = Exclude<keyof Vocabulary, keyof T>;
/** Keys of a table under a vocabulary prefix that name no value of the enum (never, when the table is clean). */
export type LeftBehind<T> = Exclude<Extract<keyof T, `${Prefix}.${string}`>, keyof Vocabulary>;

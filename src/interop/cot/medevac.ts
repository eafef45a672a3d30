// Typed schema of ATAK's `<_medevac_>` CoT detail (see docs/interop.md). All attribute values are strings;
// flags "true"/"false"; unset attributes are omitted. node-cot keeps the detail as untyped xml-js data
// ({ _attributes, zMistsMap: { zMist } }); this module is the one place that knows its shape.
import { z } from 'zod';

const flag = z.enum(['true', 'false']);
const count = z.string().regex(/^\d{1,3}$/, 'a count');
const index = z.string().regex(/^-?\d{1,2}$/, 'an index');
const text = z.string();

export const MEDEVAC_FLAGS = [
  'casevac',
  'equipment_none',
  'hoist',
  'extraction_equipment',
  'ventilator',
  'equipment_other',
  'terrain_none',
  'terrain_slope',
  'terrain_rough',
  'terrain_loose',
  'terrain_other',
] as const;
export const MEDEVAC_COUNTS = [
  'urgent',
  'urgent_surgical',
  'priority',
  'routine',
  'convenience',
  'litter',
  'ambulatory',
  'us_military',
  'us_civilian',
  'nonus_military',
  'nonus_civilian',
  'epw',
  'child',
] as const;
export const MEDEVAC_TEXTS = [
  'title',
  'medline_remarks',
  'freq',
  'equipment_detail',
  'hlz_other',
  'terrain_other_detail',
  'zone_protected_coord',
  'zone_prot_marker',
  'marked_by',
  'obstacles',
  'winds_are_from',
  'friendlies',
  'enemy',
  'hlz_remarks',
] as const;
export const MEDEVAC_INDICES = ['security', 'hlz_marking', 'zone_prot_selection'] as const;

/** The attributes of `<_medevac_>`. Unknown attributes (newer ATAK) are kept, not rejected. */
export const MedevacAttributes = z.looseObject({
  ...Object.fromEntries(MEDEVAC_FLAGS.map((k) => [k, flag.optional()])),
  ...Object.fromEntries(MEDEVAC_COUNTS.map((k) => [k, count.optional()])),
  ...Object.fromEntries(MEDEVAC_TEXTS.map((k) => [k, text.optional()])),
  ...Object.fromEntries(MEDEVAC_INDICES.map((k) => [k, index.optional()])),
  terrain_slope_dir: z.enum(['N', 'E', 'S', 'W']).optional(),
});
export type MedevacAttributes = Partial<
  Record<(typeof MEDEVAC_FLAGS)[number], 'true' | 'false'> &
    Record<
      (typeof MEDEVAC_COUNTS)[number] | (typeof MEDEVAC_TEXTS)[number] | (typeof MEDEVAC_INDICES)[number],
      string
    > & {
      terrain_slope_dir: 'N' | 'E' | 'S' | 'W';
    }
>;

/** One `<zMist>`: z patient id, m mechanism, i injuries, s signs, t treatment. */
export const ZMist = z.object({
  title: text.optional(),
  z: text.optional(),
  m: text.optional(),
  i: text.optional(),
  s: text.optional(),
  t: text.optional(),
});
export type ZMist = z.infer<typeof ZMist>;

const zMistNode = z.object({ _attributes: ZMist });
export const MedevacDetail = z.object({
  _attributes: MedevacAttributes,
  zMistsMap: z.object({ zMist: z.union([zMistNode, z.array(zMistNode)]).optional() }).optional(),
});
export interface MedevacDetail {
  _attributes: MedevacAttributes;
  zMistsMap?: { zMist?: { _attributes: ZMist } | { _attributes: ZMist }[] };
}

export function zMistsOf(d: MedevacDetail): ZMist[] {
  const z = d.zMistsMap?.zMist;
  if (!z) return [];
  return (Array.isArray(z) ? z : [z]).map((n) => n._attributes);
}

/**
 * How a sender numbers line 6 (security) and line 7 (HLZ marking). ATAK writes 0-based indices;
 * Meshtastic's TAK packet parser reads them as 1-based enums (0 = unspecified). Choose per source, never guess.
 */
export type IndexBase = 'atak' | 'meshtastic';
export const SECURITY_ORDER = ['N', 'P', 'E', 'X'] as const;
export const MARKING_ORDER = ['A', 'B', 'C', 'D', 'E'] as const;

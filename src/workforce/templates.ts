// Staffing templates shipped as data: who each kind of unit or facility needs. Sources are named per template;
// where doctrine gives a capability rather than a headcount (NATO roles), the counts are planning assumptions,
// stated as such, and every template can be replaced by a `template.set` fact.
import type { Profession, StaffingTemplate } from '../core/index.ts';
import { StaffingTemplate as TemplateSchema } from '../core/index.ts';

export const SURGEONS: readonly Profession[] = ['general-surgeon', 'orthopaedic-surgeon', 'vascular-surgeon', 'neurosurgeon'];
export const ANAESTHESIA: readonly Profession[] = ['anaesthesiologist', 'nurse-anaesthetist'];
/** The third member of a surgical team: an OR nurse or a surgical technologist. */
export const SCRUB: readonly Profession[] = ['or-nurse', 'surgical-technologist'];
const PHYSICIANS: readonly Profession[] = ['emergency-physician', 'gp', 'physician-assistant'];
const MEDICS: readonly Profession[] = ['combat-medic', 'paramedic'];

const surgeon = (count: number) => ({ role: 'surgeon', count, accepts: [...SURGEONS], critical: true, maxLevel: 2 });
const anaesthesia = (count: number) => ({ role: 'anaesthesia', count, accepts: [...ANAESTHESIA], critical: true, maxLevel: 2 });
const scrub = (count: number) => ({ role: 'or-nurse', count, accepts: ['or-nurse'], substitutes: ['surgical-technologist', 'nurse'] });
const nurse = (count: number) => ({ role: 'nurse', count, accepts: ['nurse', 'or-nurse'], substitutes: ['lpn', 'paramedic'] });
const medic = (count: number, critical = false) => ({
  role: 'medic', count, accepts: [...MEDICS], substitutes: ['nurse', 'lpn'], critical, minTrainingWeeks: 4,
});
const physician = (count: number) => ({
  role: 'physician', count, accepts: [...PHYSICIANS], substitutes: [...SURGEONS, 'anaesthesiologist'], critical: true, maxLevel: 3,
});

const RAW: unknown[] = [
  {
    id: 'platoon',
    name: 'Combat medic per platoon',
    slots: [{ ...medic(1, true), perPlatoon: true }],
    source: 'One combat medic per platoon (US Army combat medic allocation, FM 4-02).',
  },
  {
    id: 'bas',
    name: 'Battalion aid station',
    slots: [physician(1), medic(3)],
    source: 'Battalion aid station: a physician or physician assistant and medics (US ATP 4-02.3); 3 medics as the minimum treatment team.',
  },
  {
    id: 'fst',
    name: 'Forward surgical team (20)',
    surgical: true,
    slots: [
      surgeon(4), anaesthesia(2), nurse(3),
      { role: 'lpn', count: 3, accepts: ['lpn'], substitutes: ['nurse', 'paramedic'] },
      { role: 'surgical-tech', count: 3, accepts: ['surgical-technologist'], substitutes: ['or-nurse'] },
      medic(3),
      { role: 'admin', count: 2, accepts: ['admin'] },
    ],
    source: 'US forward surgical team of 20: 4 surgeons, 3 nurses, 2 nurse anaesthetists, 3 LPNs, 3 surgical technologists, 3 medics, 2 administrative staff (FM 4-02.25).',
  },
  {
    id: 'r1',
    name: 'NATO Role 1',
    slots: [physician(1), nurse(1), medic(4)],
    source: 'NATO Role 1: primary care, triage, resuscitation and stabilisation, no surgery (AJP-4.10). Counts are a planning assumption.',
  },
  {
    id: 'r2b',
    name: 'NATO Role 2 Basic',
    surgical: true,
    slots: [surgeon(2), anaesthesia(1), scrub(2), physician(1), nurse(4), medic(4)],
    source: 'NATO Role 2 Basic: damage-control surgery with one surgical team (AJP-4.10). Counts are a planning assumption.',
  },
  {
    id: 'r2e',
    name: 'NATO Role 2 Enhanced',
    surgical: true,
    slots: [surgeon(4), anaesthesia(2), scrub(4), physician(2), nurse(8), medic(4), { role: 'transfusion', count: 1, accepts: ['transfusion-specialist'], substitutes: ['nurse'] }],
    source: 'NATO Role 2 Enhanced: two surgical teams, intensive care and blood (AJP-4.10). Counts are a planning assumption.',
  },
  {
    id: 'r3',
    name: 'NATO Role 3',
    surgical: true,
    slots: [
      surgeon(6), { role: 'neurosurgeon', count: 1, accepts: ['neurosurgeon'] }, anaesthesia(4), scrub(6), physician(4), nurse(16),
      { role: 'transfusion', count: 1, accepts: ['transfusion-specialist'], substitutes: ['nurse'] },
    ],
    source: 'NATO Role 3: specialist surgery, intensive care and diagnostics (AJP-4.10). Counts are a planning assumption.',
  },
  {
    id: 'civilian-hospital',
    name: 'Civilian hospital (surgical department)',
    surgical: true,
    slots: [surgeon(3), anaesthesia(2), scrub(3), nurse(6)],
    source: 'A district hospital surgical department: a planning assumption, to be replaced by the hospital’s own roster.',
  },
];

/** The shipped defaults, validated at load (a typo in a profession fails at start, not at the first gap). */
export const DEFAULT_TEMPLATES: readonly StaffingTemplate[] = RAW.map((t) => TemplateSchema.parse(t));

// A decoded radio message → casualty events, for the receiving side (a dispatcher typing in an SMS, a gateway
// on the mesh). Only what the message carries becomes an event; nothing is filled in. Event ids are derived
// from the casualty and the content, so the same message received twice (or re-sent with more fields) adds
// only what is new.
import type { CasualtyEvent } from '../../core/index.ts';
import { MARCH, parseEvent } from '../../core/index.ts';
import { nameUuid } from '../name-uuid.ts';
import type { RadioCard } from './model.ts';
import { radioToNineLine } from './model.ts';

export interface RadioImportOptions {
  now: string;
  deviceId: string;
  author: string;
  /** The casualty to attach to (e.g. found by the compact `ref`); default: the card's id, else one derived from `key`. */
  casualtyId?: string;
  /** A stable key for a message without a casualty id (e.g. the sender and the text form). */
  key?: string;
}

export interface RadioImport {
  casualtyId: string;
  events: CasualtyEvent[];
  /** What the message carried but no event can hold (e.g. medication classes without names). */
  notes: string[];
}

const groupOf = (kind: string): string | undefined =>
  (Object.keys(MARCH) as (keyof typeof MARCH)[]).find((g) => (MARCH[g] as readonly string[]).includes(kind));

export function radioToEvents(card: RadioCard, o: RadioImportOptions): RadioImport {
  const casualtyId = o.casualtyId ?? card.id ?? nameUuid(`radio:${o.key ?? JSON.stringify(card)}`);
  const events: CasualtyEvent[] = [];
  const notes: string[] = [];
  const at0 = card.injuredAt ?? o.now;
  const add = (key: string, type: string, at: string, payload: unknown): void => {
    const r = parseEvent({
      id: nameUuid(`radio:${casualtyId}:${key}`),
      casualtyId,
      at,
      recordedAt: o.now,
      deviceId: o.deviceId,
      author: o.author,
      type,
      payload,
    });
    if (r.success) events.push(r.data);
    else notes.push(`${type} not imported: ${r.error.issues[0]?.message ?? ''}`);
  };
  if (card.injuredAt) {
    const id = card.identity ?? {};
    add('registered', 'registered', card.injuredAt, { ...id, injuredAt: card.injuredAt });
  } else if (card.identity && Object.keys(card.identity).length) {
    notes.push(`identity without a time of injury: ${JSON.stringify(card.identity)}`);
  }
  if (card.mechanisms?.length)
    add(`mechanism:${card.mechanisms.join(',')}`, 'mechanism', at0, { mechanisms: card.mechanisms });
  card.injuries?.forEach((i, n) => add(`injury:${n}:${i.region}:${i.view}:${i.kind}`, 'injury', at0, i));
  if (card.injuriesMore) notes.push('more injuries than the message carried');
  for (const t of card.tourniquets ?? []) {
    const key = `tq:${t.limb}:${t.appliedAt}`;
    add(key, 'tourniquet.applied', t.appliedAt, { limb: t.limb, ...(t.tqType ? { tqType: t.tqType } : {}) });
    if (t.state !== 'on') {
      const appliedId = nameUuid(`radio:${casualtyId}:${key}`);
      add(`${key}:${t.state}`, t.state === 'converted' ? 'tourniquet.converted' : 'tourniquet.removed', o.now, {
        applied: appliedId,
      });
      notes.push(
        `tourniquet ${t.limb} ${t.state}: time of ${t.state === 'converted' ? 'conversion' : 'removal'} not carried, recorded at receipt`,
      );
    }
  }
  for (const v of [...(card.vitals ?? [])].reverse()) {
    const { at, ...signs } = v;
    add(`vitals:${at}:${JSON.stringify(signs)}`, 'vitals', at, signs);
  }
  card.treatments?.forEach((t, n) => {
    const group = groupOf(t.kind);
    if (group) add(`treatment:${n}:${t.kind}`, 'treatment', at0, { group, ...t });
  });
  card.medications?.forEach((m, n) => {
    if (m.name && m.dose && m.unit && m.route) add(`med:${n}:${m.name}`, 'medication', at0, m);
    else notes.push(`a medication (${m.class}) without name or dose`);
  });
  if (card.triage)
    add(`triage:${card.triage.system}:${card.triage.category}`, 'triage', o.now, { triage: card.triage });
  if (card.precedence) add(`precedence:${card.precedence}`, 'precedence', o.now, { precedence: card.precedence });
  if (card.nineLine)
    add(`nineline:${JSON.stringify(card.nineLine)}`, 'evac.requested', o.now, {
      nineLine: radioToNineLine(card.nineLine),
    });
  return { casualtyId, events, notes };
}

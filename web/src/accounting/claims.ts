// The claims ledger screens: hand-entered claims (list, new claim, one claim with its status chain, grade, evidence,
// history) and the comparison of an incident claim with what Golden Hour recorded at that place and time.
import { h, clear } from '../dom.ts';
import { api, currentUser } from '../api.ts';
import { time } from '../fmt.ts';
import { dayInput, dayOf, dayText } from '../ui/day.ts';
import { ClaimKind, ClaimantSide, FINAL_STATUSES, MAX_CLAIM_VALUE, ValueKind, categoriesOf, isReason, nextStatuses } from '../../../src/core/claims.ts';
import type { ClaimStatus } from '../../../src/core/claims.ts';
import { getLang } from '../i18n.ts';
import { numberRead } from '../ui/number.ts';
import { askIn } from '../ui/ask.ts';
import type { Claim, ClaimHistoryEntry, Evidence, RecordedBasis, SyncConflict } from '../../../src/core/claims.ts';
import { evidenceForm, evidenceItem } from './evidence.ts';
import { conflictItem } from './conflicts.ts';
import { basisText } from './basis.ts';
import { at, code, errorText } from './i18n.ts';
import type { AccKey } from './i18n.ts';

const role = (): string => currentUser()?.role ?? '';

const canWrite = (): boolean => ['editor', 'admin'].includes(role());
const field = (label: string, el: HTMLElement) => h('label', { class: 'acc-field' }, h('span', null, label), el);
const select = (id: string, values: readonly string[], show: (v: string) => string = code) =>
  h('select', { id, class: 'acc-input' }, values.map((v) => h('option', { value: v }, show(v))));
const input = (id: string, type = 'text', attrs: Record<string, unknown> = {}) => h('input', { id, type, class: 'acc-input', ...attrs });
/** A number field: text typed with a decimal comma or point (ui/number.ts), never <input type="number">. */
const numberInput = (id: string, attrs: Record<string, unknown> = {}) => input(id, 'text', { inputmode: 'decimal', autocomplete: 'off', ...attrs });

/** A field marked wrong (or right again). */
const mark = (el: HTMLElement, bad: boolean) => (bad ? el.setAttribute('aria-invalid', 'true') : el.removeAttribute('aria-invalid'));

/**
 * The number a field says, within [min, max] (whole when `whole`): or a thrown, localised line, the field marked and
 * focused. Empty: undefined.
 */
function numberOf(el: HTMLInputElement, label: string, o: { min: number; max: number; whole?: boolean }): number | undefined {
  const v = numberRead(el.value, getLang());
  const said = { field: label, v: el.value.trim() };
  const line = v === null ? at('acc.num.bad', said)
    : v !== undefined && o.whole && !Number.isInteger(v) ? at('acc.num.whole', said)
      : v !== undefined && (v < o.min || v > o.max) ? at('acc.num.range', { ...said, min: o.min, max: o.max }) : null;
  mark(el, line !== null);
  if (line === null) return v ?? undefined;
  el.focus();
  throw new Error(line);
}

export async function claimsView(box: HTMLElement, id: string | undefined): Promise<void> {
  clear(box, h('p', { class: 'muted' }, at('acc.loading')));
  try {
    if (id) return await claimDetail(box, decodeURIComponent(id));
    const { claims } = await api<{ claims: Claim[] }>('/api/claims?manual=true&limit=200');
    clear(box,
      canWrite() ? newClaimForm(box) : null,
      h('h3', null, at('acc.claims.list')),
      claims.length === 0 ? h('p', { class: 'muted' }, at('acc.claims.none')) :
        h('ul', { class: 'acc-claims', id: 'acc-claims' }, claims.map((c) => h('li', null,
          h('a', { class: 'btn acc-claim-link', href: `#/accounting/claims/${encodeURIComponent(c.id)}`, 'data-claim': c.id },
            // Each person's text isolated: a direction control in one claimant cannot mirror the line, nor the list.
            h('span', null, h('bdi', null, c.claimant), `: ${c.qualifier ? `${code(c.qualifier)} ` : ''}${c.value} · ${code(c.kind)} · ${dayText(c.periodEnd) || c.periodEnd} · ${code(c.status)}`))))));
  } catch (e) {
    clear(box, h('p', { class: 'error' }, errorText(e)));
  }
}

function newClaimForm(box: HTMLElement): HTMLElement {
  const f = {
    claimant: input('cl-claimant', 'text', { required: true, maxlength: 200 }),
    claimantSide: select('cl-claimant-side', ClaimantSide.options),
    subjectSide: input('cl-subject', 'text', { required: true, maxlength: 64 }),
    kind: select('cl-kind', ClaimKind.options),
    category: select('cl-category', categoriesOf('equipment')),
    value: numberInput('cl-value', { required: true }),
    valueKind: select('cl-value-kind', ValueKind.options),
    qualifier: select('cl-qualifier', ['', 'about', 'more-than', 'at-least', 'up-to'], (v) => (v ? code(v) : '—')),
    periodEnd: dayInput({ id: 'cl-date', class: 'acc-input', required: true }),
    place: input('cl-place', 'text', { maxlength: 200 }),
    lat: numberInput('cl-lat'),
    lon: numberInput('cl-lon'),
    radius: numberInput('cl-radius', { value: '500' }),
    summary: h('textarea', { id: 'cl-summary', class: 'acc-input', maxlength: 2000, rows: 2 }),
    source: input('cl-source', 'url'),
  };
  // A claim of people counts people: the categories follow the kind (the schema refuses tanks counted as civilians).
  f.kind.addEventListener('change', () => {
    const kind = ClaimKind.parse(f.kind.value);
    f.category.replaceChildren(...categoriesOf(kind).map((v) => h('option', { value: v }, code(v))));
  });
  const msg = h('p', { 'aria-live': 'polite', id: 'cl-msg' });
  const submit = async (e: Event) => {
    e.preventDefault();
    let periodEnd: string | undefined;
    let n: { value: number | undefined; lat: number | undefined; lon: number | undefined; radius: number | undefined };
    try {
      periodEnd = dayOf(f.periodEnd);
      n = {
        value: numberOf(f.value, at('acc.claim.value'), { min: f.valueKind.value === 'correction' ? -MAX_CLAIM_VALUE : 0, max: MAX_CLAIM_VALUE, whole: true }),
        lat: numberOf(f.lat, at('acc.claim.lat'), { min: -90, max: 90 }),
        lon: numberOf(f.lon, at('acc.claim.lon'), { min: -180, max: 180 }),
        radius: numberOf(f.radius, at('acc.claim.radius'), { min: 1, max: 500_000 }),
      };
      if ((n.lat === undefined) !== (n.lon === undefined)) {
        (n.lat === undefined ? f.lat : f.lon).focus();
        throw new Error(at('acc.num.both'));
      }
    } catch (err) {
      msg.className = 'error';
      msg.setAttribute('role', 'alert');
      msg.textContent = err instanceof Error ? err.message : String(err);
      return;
    }
    const hasPlace = n.lat !== undefined && n.lon !== undefined;
    const body = {
      claimant: f.claimant.value, claimantSide: f.claimantSide.value, subjectSide: f.subjectSide.value, kind: f.kind.value,
      category: f.category.value, value: n.value, valueKind: f.valueKind.value, periodEnd,
      ...(f.qualifier.value ? { qualifier: f.qualifier.value } : {}),
      ...(f.place.value || hasPlace ? { place: { ...(f.place.value ? { name: f.place.value } : {}), ...(hasPlace ? { lat: n.lat, lon: n.lon, radiusM: n.radius ?? 500, precision: 'exact' } : {}) } } : {}),
      ...(f.summary.value.trim() ? { summary: f.summary.value.trim() } : {}),
      ...(f.source.value ? { sourceUrl: f.source.value } : {}),
    };
    try {
      const r = await api<{ claim: Claim }>('/api/claims', { body });
      location.hash = `#/accounting/claims/${encodeURIComponent(r.claim.id)}`;
    } catch (err) {
      msg.className = 'error';
      msg.textContent = errorText(err);
    }
  };
  return h('details', { class: 'acc-new', id: 'acc-new-claim', ...(box.dataset.open ? { open: true } : {}) },
    h('summary', { class: 'btn' }, at('acc.claims.new')),
    h('form', { class: 'acc-form', id: 'cl-form', onsubmit: (e: Event) => void submit(e) },
      field(at('acc.claim.claimant'), f.claimant), field(at('acc.claim.claimantSide'), f.claimantSide),
      field(at('acc.claim.subjectSide'), f.subjectSide), field(at('acc.claim.kind'), f.kind), field(at('acc.claim.category'), f.category),
      field(at('acc.claim.value'), f.value), field(at('acc.claim.valueKind'), f.valueKind), field(at('acc.claim.qualifier'), f.qualifier),
      field(at('acc.claim.periodEnd'), f.periodEnd), field(at('acc.claim.place'), f.place), field(at('acc.claim.lat'), f.lat),
      field(at('acc.claim.lon'), f.lon), field(at('acc.claim.radius'), f.radius), field(at('acc.claim.summary'), f.summary),
      field(at('acc.claim.source'), f.source),
      h('button', { class: 'btn primary', type: 'submit', id: 'cl-save' }, at('acc.claim.save')), msg));
}

type Rec = { casualties: number; killedInAction?: number; diedOfWounds?: number; wounded?: number; stillOpen?: number; basis: RecordedBasis } | null;

async function claimDetail(box: HTMLElement, id: string): Promise<void> {
  const [{ claim, history, evidence, linked, conflicts }, rec] = await Promise.all([
    api<{ claim: Claim; history: ClaimHistoryEntry[]; evidence: Evidence[]; linked: number | string; conflicts: SyncConflict[] }>(`/api/claims/${encodeURIComponent(id)}`),
    api<{ recorded: Rec }>(`/api/claims/${encodeURIComponent(id)}/recorded`),
  ]);
  const reload = () => void claimsView(box, id);
  const msg = h('p', { 'aria-live': 'polite', id: 'cl-detail-msg' });
  const act = (fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
      reload();
    } catch (e) {
      msg.className = 'error';
      msg.textContent = errorText(e);
    }
  };
  const url = (s: string) => `/api/claims/${encodeURIComponent(id)}/${s}`;
  const reason = h('input', { id: 'cl-reason', class: 'acc-input', type: 'text', maxlength: 1000, 'aria-describedby': 'cl-reason-msg' });
  // Said under the field it is about, not below the evidence form.
  const reasonMsg = h('p', { class: 'error', id: 'cl-reason-msg', role: 'alert' });
  const rel = select('cl-rel', ['A', 'B', 'C', 'D', 'E', 'F'], (v) => v);
  const cred = select('cl-cred', ['1', '2', '3', '4', '5', '6'], (v) => v);
  if (claim.reliability) rel.value = claim.reliability;
  if (claim.credibility) cred.value = String(claim.credibility);
  /** The reason typed, or null: the field marked and focused, and said (a dash got past the server's rule). */
  const why = (): string | null => {
    const r = reason.value.trim();
    mark(reason, !isReason(r));
    reasonMsg.textContent = isReason(r) ? '' : at('acc.claim.reasonNeeded');
    if (isReason(r)) return r;
    reason.focus();
    return null;
  };
  const send = (path: string, body: (r: string) => object) => {
    const r = why();
    return r === null ? undefined : act(() => api(url(path), { body: body(r) }))();
  };
  clear(box,
    h('article', { class: 'acc-claim', id: 'acc-claim', 'data-status': claim.status },
      h('h3', null, h('bdi', null, claim.claimant), `: ${claim.qualifier ? `${code(claim.qualifier)} ` : ''}${claim.value}`),
      h('p', null, `${code(claim.kind)} · ${code(claim.category)} · ${code(claim.valueKind)} · ${claim.periodStart ? `${dayText(claim.periodStart) || claim.periodStart} – ` : ''}${dayText(claim.periodEnd) || claim.periodEnd}`),
      claim.summary ? h('blockquote', { dir: 'auto' }, claim.summary) : null,
      claim.place.name ? h('p', null, `${at('acc.claim.place')}: `, h('bdi', null, claim.place.name)) : null,
      h('p', null, h('strong', null, `${at('acc.claim.status')}: `), h('span', { id: 'cl-status' }, code(claim.status)), ' · ',
        h('strong', null, `${at('acc.claim.grade').split(' (')[0]}: `), h('span', { id: 'cl-grade' }, claim.reliability ? `${claim.reliability}${claim.credibility}` : '—')),
      recordedBox(claim, rec.recorded, linked, act, url, rel, cred),
      canWrite() ? h('div', { class: 'acc-form', id: 'cl-actions' },
        field(at('acc.claim.reason'), reason), reasonMsg,
        statusButtons(claim.status, why, (s, r) => send('status', () => ({ status: s, reason: r }))),
        h('fieldset', null, h('legend', null, at('acc.claim.grade')),
          h('div', { class: 'row' }, field(at('acc.claim.reliability'), rel), field(at('acc.claim.credibility'), cred),
            h('button', { class: 'btn', type: 'button', id: 'cl-grade-save', onclick: () => send('grade', (r) => ({ reliability: rel.value, credibility: Number(cred.value), reason: r })) }, at('acc.claim.saveGrade')))),
        evidenceForm(id, reload),
        msg) : null,
      h('h4', null, at('acc.claim.evidence')),
      h('ul', { id: 'cl-evidence' }, evidence.map(evidenceItem)),
      conflicts.length ? h('section', { id: 'cl-conflicts' }, h('h4', null, at('acc.conflicts')),
        h('ul', null, conflicts.map((c) => conflictItem(id, c, canWrite(), reload)))) : null,
      h('h4', null, at('acc.claim.history')),
      h('ol', { id: 'cl-history' }, history.map((x) => h('li', { 'data-action': x.action },
        `${time(x.at)} · `, h('bdi', null, x.actor), ` · ${code(x.action)}${x.detail.to ? ` → ${code(String(x.detail.to))}` : ''}`,
        x.reason ? ' — ' : null, x.reason ? h('bdi', null, x.reason) : null, x.origin ? ` (${at('acc.fromServer', { s: x.origin })})` : null)))));
}

/**
 * The moves a claim may make next. Retracted and superseded are final: asked once, with the reason it will keep,
 * the focus on the answer that changes nothing.
 */
function statusButtons(from: ClaimStatus, why: () => string | null, move: (s: ClaimStatus, reason: string) => unknown): HTMLElement {
  const ask = h('div', { id: 'cl-confirm', 'aria-live': 'polite' });
  // The app's one question before an act hard to take back (ui/ask.ts): the safe answer first and focused.
  const confirmFinal = (s: ClaimStatus, r: string) => askIn(ask, {
    id: 'cl-confirm', question: at('acc.claim.confirmFinal', { s: code(s), why: r }), keep: at('acc.claim.confirmNo'), yes: at('acc.claim.confirmYes', { s: code(s) }),
    yesClass: 'danger', onKeep: () => ask.replaceChildren(), onYes: () => { ask.replaceChildren(); move(s, r); },
  });
  return h('div', null,
    h('div', { class: 'row' }, nextStatuses(from).map((s) => h('button', { class: 'btn', type: 'button', 'data-status-to': s, onclick: () => {
      const r = why();
      if (r === null) return;
      if (FINAL_STATUSES.includes(s)) confirmFinal(s, r);
      else move(s, r);
    } }, at('acc.claim.moveTo', { s: code(s) })))),
    ask);
}

function recordedBox(claim: Claim, rec: Rec, linked: number | string, act: (fn: () => Promise<unknown>) => () => Promise<void>, url: (s: string) => string,
  rel: HTMLSelectElement, cred: HTMLSelectElement): HTMLElement {
  if (!rec) return h('section', { class: 'acc-recorded', id: 'cl-recorded' }, h('h4', null, at('acc.claim.recorded')), h('p', { class: 'muted' }, at('acc.claim.noPlace')));
  const keys = ['casualties', 'killedInAction', 'diedOfWounds', 'wounded', 'stillOpen'] as const;
  return h('section', { class: 'acc-recorded', id: 'cl-recorded' },
    h('h4', null, at('acc.claim.recorded')),
    h('table', { class: 'acc-table', tabindex: 0 }, h('tbody', null,
      h('tr', null, h('th', { scope: 'row' }, at('acc.claimed')), h('td', { id: 'cl-claimed' }, `${claim.qualifier ? `${code(claim.qualifier)} ` : ''}${claim.value}`)),
      keys.filter((k) => rec[k] !== undefined).map((k) => h('tr', null, h('th', { scope: 'row' }, at(`acc.rec.${k}` as AccKey)), h('td', { 'data-rec': k }, String(rec[k])))))),
    h('p', { class: 'muted small' }, h('span', { 'data-basis': rec.basis.kind }, basisText(rec.basis)), ' · ', at('acc.claim.linked', { n: linked })),
    canWrite() ? h('div', { class: 'row' },
      h('button', { class: 'btn', type: 'button', id: 'cl-link', onclick: act(() => api(url('links'), { body: { fromPlace: true, reason: at('acc.claim.linkReason') } })) }, at('acc.claim.link')),
      h('button', { class: 'btn', type: 'button', id: 'cl-compare', onclick: act(() => api(url('comparison'), { body: { grade: { reliability: rel.value, credibility: Number(cred.value) } } })) }, at('acc.claim.saveComparison'))) : null);
}

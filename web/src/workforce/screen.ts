// The personnel officer's screen (issue 12): import the registry CSV (line-by-line report), see gaps and red flags
// per unit and facility, ask for proposed moves ("these N moves: expected critical survivors X → Y") and accept or
// decline them. The server decides everything; this screen shows and asks.
import { h, clear, newest } from '../dom.ts';
import { api, ApiError } from '../api.ts';
import type { GapRow, Move, MoveAnswer, Proposal, Shortfall, SiteGaps } from '../../../src/core/index.ts';
import { wrole, wt } from './i18n.ts';
import { tt } from './templates-i18n.ts';
import type { WfKey } from './i18n.ts';
import type { Screen } from '../screen.ts';
import { table } from '../ui/table.ts';
import { getLang } from '../i18n.ts';
import { live } from '../console/live.ts';
import { refusalSaid } from '../ui/refusal.ts';
import { dayText } from '../ui/day.ts';

interface ImportReport {
  lines: number;
  valid: number;
  accepted: number;
  duplicates: number;
  stored: boolean;
  /** The first 1,000 problems by line; issuesTotal counts them all. */
  issues: { line: number; field: string; message: string }[];
  issuesTotal: number;
}

const msg = (e: unknown): string => (refusalSaid(e));
/** A proposal's period in the app's one date format, "05.12.2026" (ui/day.ts). */
const day = (iso: string): string => dayText(iso);
/** Site cards drawn (most critical first, as the server sorts them); the totals above count every site. */
const SHOWN = 60;
/** Days of casualty load a proposal is judged on (sent, so the screen can say it). */
const LOAD_DAYS = 14;
const short = (r: Pick<GapRow, 'required' | 'onDuty'>): number => r.required - r.onDuty;

/** Every site's rows summed per role (the order roles first appear in): the brigade's picture, not the first cards'. */
export function totalsByRole(sites: readonly SiteGaps[]): GapRow[] {
  const by = new Map<string, GapRow>();
  for (const r of sites.flatMap((g) => g.rows)) {
    const t = by.get(r.role) ?? { siteId: '', role: r.role, required: 0, assigned: 0, onDuty: 0, substituted: 0, critical: false };
    by.set(r.role, { ...t, required: t.required + r.required, assigned: t.assigned + r.assigned, onDuty: t.onDuty + r.onDuty, substituted: t.substituted + r.substituted, critical: t.critical || r.critical });
  }
  return [...by.values()];
}

/** A clinician by name; a name two share is told apart by the id's end ("Halyna Marchenko · 0042"): namesakes read as one. */
export function clinicianLabel(names: ReadonlyMap<string, string>, id: string): string {
  const name = names.get(id);
  if (name === undefined) return id;
  let same = 0;
  for (const n of names.values()) if (n === name) same++;
  return same > 1 ? `${name} · ${id.slice(-4)}` : name;
}

/** Record the officer's choice: the ticked moves accepted, the others declined (each a decision through the door). */
async function decide(proposal: HTMLElement, p: Proposal, chosen: Move[], refresh: () => Promise<void>): Promise<void> {
  const rest = p.moves.filter((m) => !chosen.includes(m));
  const post = (decision: 'accepted' | 'declined', moves: Move[]) =>
    api<{ recorded: number }>(`/api/workforce/proposals/${p.proposalId}/decision`, { body: { decision, moves, proposed: p.moves, computedAt: p.computedAt } });
  try {
    if (chosen.length) await post('accepted', chosen);
    if (rest.length) await post('declined', rest);
    clear(proposal, h('p', { id: 'wf-decided' }, !rest.length ? wt('wf.accepted', { n: chosen.length }) : !chosen.length ? wt('wf.declined') : wt('wf.decidedPart', { a: chosen.length, d: rest.length })));
    await refresh();
  } catch (e) {
    proposal.append(h('p', { class: 'error' }, msg(e)));
  }
}

/** The shortfall a move answers, and any it opens where the clinician leaves (with the proposal's other moves made). */
function answerLines(a: MoveAnswer | undefined, site: (id: string) => string): HTMLElement | null {
  if (!a) return null;
  const line = (key: 'wf.move.answers' | 'wf.move.opens', f: Shortfall, attrs: Record<string, string>) =>
    h('span', { class: 'wf-answer small', ...attrs, 'data-site-id': f.siteId, 'data-role': f.role, 'data-short-before': f.shortBefore, 'data-short-after': f.shortAfter },
      wt(key, { site: site(f.siteId), role: wrole(f.role), a: f.shortBefore, b: f.shortAfter }));
  return h('span', { class: 'wf-answers' }, line('wf.move.answers', a, { 'data-answer': '' }), (a.opens ?? []).map((o) => line('wf.move.opens', o, { 'data-opens': '' })));
}

/** The proposal with a box per move; the what-if line follows the ticked moves (recomputed by the server). */
function showProposal(proposal: HTMLElement, p: Proposal, moveText: (m: Move) => string, refresh: () => Promise<void>, site: (id: string) => string): void {
  const said = (n: number, r: { survivorsBefore: number; survivorsAfter: number; criticalCasualties: number }) =>
    wt('wf.propose.summary', { n, x: r.survivorsBefore.toFixed(1), y: r.survivorsAfter.toFixed(1), c: r.criticalCasualties });
  const summary = h('p', { class: 'wf-summary', id: 'wf-summary', 'data-moves': p.moves.length }, said(p.moves.length, p));
  const boxes = p.moves.map((m, i) => h('input', { type: 'checkbox', id: `wf-move-${i}`, checked: true, 'data-move-check': m.clinicianId, onchange: () => void follow() }));
  const chosen = () => p.moves.filter((_, i) => boxes[i]!.checked);
  // Asked once, naming what will be recorded: one slip recorded a dozen assignments no screen takes back.
  const buttons = h('div', { class: 'row wrap', id: 'wf-buttons' });
  const ask = (moves: Move[]): void => {
    const back = h('button', { class: 'btn primary', id: 'wf-back', onclick: () => clear(buttons, accept, decline) }, wt('wf.back'));
    clear(buttons, h('div', { class: 'stack confirm', role: 'alertdialog', 'aria-labelledby': 'wf-ask', id: 'wf-confirm' },
      h('p', { id: 'wf-ask' }, wt('wf.confirm', { a: moves.length, d: p.moves.length - moves.length })),
      back,
      h('button', { class: 'btn', id: 'wf-yes', onclick: (e: Event) => { (e.currentTarget as HTMLButtonElement).disabled = true; void decide(proposal, p, moves, refresh); } }, wt('wf.yes'))));
    back.focus(); // the button pressed is gone: the focus goes to the safe answer
  };
  const accept = h('button', { class: 'btn primary', id: 'wf-accept', onclick: () => ask(chosen()) }, wt('wf.acceptChosen', { n: p.moves.length }));
  const decline = h('button', { class: 'btn', id: 'wf-decline', onclick: () => ask([]) }, wt('wf.declineAll'));
  clear(buttons, accept, decline);
  let asked = 0;
  // Only the latest answer is shown: ticks made while one is computed supersede it.
  const follow = async (): Promise<void> => {
    const mine = ++asked;
    const picked = chosen();
    clear(buttons, accept, decline); // a question asked about other ticks is closed: what it would record changed
    accept.textContent = wt('wf.acceptChosen', { n: picked.length });
    summary.removeAttribute('data-moves');
    summary.textContent = wt('wf.whatIf.busy');
    try {
      const r = await api<{ survivorsBefore: number; survivorsAfter: number; criticalCasualties: number }>('/api/workforce/what-if', { body: { moves: picked, loadDays: LOAD_DAYS, ...(p.startsAt ? { startsAt: p.startsAt } : {}) } });
      if (mine !== asked) return;
      summary.textContent = said(picked.length, r);
      summary.setAttribute('data-moves', String(picked.length));
    } catch (e) {
      if (mine === asked) summary.textContent = msg(e);
    }
  };
  clear(proposal,
    summary,
    // What the survivors figure is, so the officer can say it to a commander; and why it may not move.
    h('p', { class: 'small', id: 'wf-basis' }, wt('wf.propose.basis', { c: p.criticalCasualties, d: LOAD_DAYS }),
      p.survivorsAfter.toFixed(1) === p.survivorsBefore.toFixed(1) ? ` ${wt('wf.propose.same')}` : ''),
    h('p', { id: 'wf-critical-posts' }, wt('wf.propose.flags', { a: p.criticalGapsBefore, b: p.criticalGapsAfter })),
    p.optimal === false ? h('p', { class: 'small muted', id: 'wf-not-optimal' }, wt('wf.propose.notOptimal', { g: Math.round((p.gap ?? 0) * 1000) / 10 })) : null,
    p.startsAt && p.endsAt ? h('p', { class: 'small muted', id: 'wf-period' }, wt('wf.propose.period', { from: day(p.startsAt), to: day(p.endsAt) })) : null,
    h('p', { class: 'small muted' }, wt('wf.choose')),
    h('ol', { class: 'wf-moves' }, p.moves.map((m, i) => h('li', { 'data-move': m.clinicianId },
      h('label', { class: 'row wf-check wf-move' }, boxes[i]!, h('span', null, moveText(m), answerLines(p.answers?.[i], site)))))),
    buttons);
}

export const workforceScreen: Screen = (root) => {
  const report = h('div', { id: 'wf-report', 'aria-live': 'polite' });
  const gaps = h('div', { id: 'wf-gaps' });
  const proposal = h('div', { id: 'wf-proposal', 'aria-live': 'polite' });
  const text = h('textarea', { id: 'wf-csv', rows: 5, class: 'wf-csv', 'aria-label': wt('wf.import.text') });
  const file = h('input', {
    type: 'file', id: 'wf-file', accept: '.csv,text/csv', 'aria-label': wt('wf.import.file'),
    onchange: async () => {
      const f = file.files?.[0];
      if (f) text.value = await f.text();
    },
  });
  const keep = h('input', { type: 'checkbox', id: 'wf-keep' });
  const maxMoves = h('input', { type: 'number', id: 'wf-max', min: 1, max: 200, value: 12, inputmode: 'numeric', class: 'wf-num' });
  // The moves' period: a clinician on leave then (availability windows) is not proposed.
  // In days from now, not a date picker: the picker's format follows the browser's locale (12/01 is ambiguous).
  const startsIn = h('input', { type: 'number', id: 'wf-starts', min: 0, max: 365, value: 0, inputmode: 'numeric', class: 'wf-num' });
  const forDays = h('input', { type: 'number', id: 'wf-days', min: 0, max: 365, value: 7, inputmode: 'numeric', class: 'wf-num' });
  let names = new Map<string, string>();
  let siteNames = new Map<string, string>();

  const doImport = async (): Promise<void> => {
    clear(report, h('p', { class: 'muted' }, '…'));
    try {
      const { report: r } = await api<{ report: ImportReport }>('/api/workforce/import', { body: { csv: text.value, keepValid: keep.checked } });
      clear(report,
        h('p', { id: 'wf-report-summary' }, wt('wf.import.report', { lines: r.lines, valid: r.valid, issues: r.issuesTotal })),
        h('p', { class: r.stored ? '' : 'error' }, r.stored ? wt('wf.import.stored', { n: r.accepted, d: r.duplicates }) : wt('wf.import.notStored')),
        r.issues.length ? h('ul', { class: 'wf-issues' }, r.issues.slice(0, 200).map((i) => h('li', { 'data-issue-line': i.line }, wt('wf.import.issue', { line: i.line, field: i.field, message: i.message })))) : null);
      if (r.stored) await refresh();
    } catch (e) {
      clear(report, h('p', { class: 'error' }, msg(e)));
    }
  };

  // One table per site, and one of every site's totals; sortable, so the largest shortfall can be brought to the top.
  const gapTable = (g: Pick<SiteGaps, 'siteId' | 'rows'>, id = `wf-gaps-${g.siteId}`): HTMLElement => {
    const tb = table<GapRow>({
      id,
      className: 'wf-table',
      // On a phone each role is a card with its figures labelled: five columns of Ukrainian headers do not fit 360 px.
      stack: true,
      empty: '—',
      rowAttrs: (r) => ({ class: r.onDuty < r.required ? (r.critical && r.onDuty === 0 ? 'wf-red' : 'wf-short') : '' }),
      columns: [
        { key: 'role', label: wt('wf.gaps.role'), sort: (r) => wrole(r.role), cell: (r) => wrole(r.role) },
        { key: 'required', label: wt('wf.gaps.required'), sort: (r) => r.required, cell: (r) => r.required },
        { key: 'assigned', label: wt('wf.gaps.assigned'), sort: (r) => r.assigned, cell: (r) => r.assigned },
        { key: 'onDuty', label: wt('wf.gaps.onDuty'), sort: (r) => r.onDuty - r.required,
          cell: (r) => [String(r.onDuty), r.substituted ? h('span', { class: 'muted small' }, ` (${wt('wf.gaps.substituted', { n: r.substituted })})`) : null] },
        { key: 'short', label: wt('wf.gaps.short'), sort: short, cell: short },
      ],
    }, getLang);
    tb.render(g.rows);
    return tb.el;
  };

  const siteCard = (g: SiteGaps): HTMLElement =>
    h('section', { class: `wf-site${g.redFlags.length ? ' flagged' : ''}`, 'data-site': g.siteId },
      h('h4', null, g.name),
      g.redFlags.length ? h('div', { class: 'row wrap' }, g.redFlags.map((f) => h('span', { class: 'wf-flag', 'data-flag': f }, wt(`wf.flag.${f}` as WfKey)))) : null,
      g.usableTables !== undefined ? h('p', { class: 'small', 'data-tables': g.siteId }, wt('wf.gaps.tables', { u: g.usableTables, t: g.tables ?? 0 })) : null,
      g.load ? h('p', { class: 'small muted' }, wt('wf.gaps.load', { n: g.load })) : null,
      gapTable(g));

  // Every site counted, before the cards: the cards are only the most critical ones, and say so.
  const overview = (sites: readonly SiteGaps[]): HTMLElement =>
    h('section', { class: 'wf-site wf-all', id: 'wf-all' },
      h('h4', null, wt('wf.all', { n: sites.length, f: sites.filter((g) => g.redFlags.length).length })),
      gapTable({ siteId: 'all', rows: totalsByRole(sites) }, 'wf-totals'),
      sites.length > SHOWN ? h('p', { class: 'small muted', id: 'wf-shown' }, wt('wf.shown', { k: SHOWN, n: sites.length })) : null);

  const moveText = (m: Move): string =>
    wt('wf.move', {
      who: clinicianLabel(names, m.clinicianId),
      from: m.from ? (siteNames.get(m.from) ?? m.from) : wt('wf.move.unassigned'),
      to: siteNames.get(m.to) ?? m.to, role: wrole(m.role), h: Math.floor(m.travelMin / 60), m: String(m.travelMin % 60).padStart(2, '0'),
    });

  const doPropose = async (): Promise<void> => {
    clear(proposal, h('p', { class: 'muted' }, wt('wf.propose.busy')));
    try {
      const inDays = Math.max(0, Math.min(365, Number(startsIn.value) || 0));
      const startsAt = inDays > 0 ? new Date(Date.now() + inDays * 86_400_000).toISOString() : undefined;
      const { proposal: p } = await api<{ proposal: Proposal }>('/api/workforce/proposals', {
        body: { maxMoves: Number(maxMoves.value) || 12, maxTravelMin: 1440, loadDays: LOAD_DAYS, forDays: Math.max(0, Math.min(365, Number(forDays.value) || 0)), ...(startsAt ? { startsAt } : {}) },
      });
      if (!p.moves.length) return clear(proposal, h('p', null, wt('wf.propose.none')));
      showProposal(proposal, p, moveText, refresh, (id) => siteNames.get(id) ?? id);
    } catch (e) {
      clear(proposal, h('p', { class: 'error' }, msg(e)));
    }
  };

  const started = newest();
  async function refresh(): Promise<void> {
    const current = started();
    try {
      const [{ sites }, { clinicians }] = await Promise.all([
        api<{ sites: SiteGaps[] }>('/api/workforce/gaps'),
        api<{ clinicians: { id: string; name: string }[] }>('/api/workforce/clinicians'),
      ]);
      if (!current()) return;
      names = new Map(clinicians.map((c) => [c.id, c.name]));
      siteNames = new Map(sites.map((s) => [s.siteId, s.name]));
      clear(gaps, sites.length ? overview(sites) : null, sites.length ? sites.slice(0, SHOWN).map(siteCard) : h('p', { class: 'muted' }, wt('wf.gaps.none')));
    } catch (e) {
      if (current()) clear(gaps, h('p', { class: 'error' }, e instanceof ApiError && e.status === 403 ? wt('wf.forbidden') : msg(e)));
    }
  }

  clear(root,
    h('h2', null, wt('wf.title')),
    h('p', null, h('a', { href: '#/staff/templates', class: 'btn', id: 'wf-templates' }, tt('tpl.open'))),
    h('section', { class: 'wf-import' },
      h('h3', null, wt('wf.import')),
      h('p', { class: 'small muted' }, wt('wf.import.help')),
      h('label', { class: 'wf-file' }, wt('wf.import.file'), ' ', file),
      text,
      h('label', { class: 'row wf-check' }, keep, wt('wf.import.keep')),
      h('button', { class: 'btn primary', id: 'wf-import', onclick: () => void doImport() }, wt('wf.import.go')),
      report),
    h('section', null,
      h('h3', null, wt('wf.propose')),
      h('div', { class: 'row wrap' },
        h('label', { class: 'row' }, wt('wf.propose.moves'), ' ', maxMoves),
        h('label', { class: 'row' }, wt('wf.propose.starts'), ' ', startsIn),
        h('label', { class: 'row' }, wt('wf.propose.days'), ' ', forDays),
        h('button', { class: 'btn', id: 'wf-propose', onclick: () => void doPropose() }, wt('wf.propose.go'))),
      proposal),
    h('h3', null, wt('wf.gaps')),
    gaps);
  void refresh();
  // Another officer's import or decision, a template edited: the gaps re-read live (the stream's workforce wake-ups),
  // and on every (re)connection, for what changed while the stream was down.
  let wasUp = false;
  return live(() => void refresh(), (up) => {
    if (up && !wasUp) void refresh();
    wasUp = up;
  });
};

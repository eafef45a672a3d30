// Which shortfall a proposed move answers (src/workforce/answers.ts): measured with the proposal's other moves made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Move, SiteGaps } from '../core/index.ts';
import { moveAnswers } from './answers.ts';

/** Two sites with a required headcount per role and who is on duty, moved by `moves`. */
const required: Record<string, Record<string, number>> = { fwd: { surgeon: 1, anaesthetist: 1 }, city: { surgeon: 1, anaesthetist: 1 } };
const start: Record<string, [string, string]> = { s1: ['city', 'surgeon'], s2: ['city', 'surgeon'], a1: ['city', 'anaesthetist'], v1: ['', 'anaesthetist'] };
const gapsWith = (moves: readonly Move[]): SiteGaps[] => {
  const at = new Map(Object.entries(start).map(([id, [site, role]]) => [id, { site, role }]));
  for (const m of moves) at.set(m.clinicianId, { site: m.to, role: m.role });
  return Object.entries(required).map(([siteId, roles]) => ({
    siteId, name: siteId, kind: 'facility', templateId: 't', redFlags: [], weightedGap: 0,
    rows: Object.entries(roles).map(([role, n]) => ({ siteId, role, required: n, assigned: n, onDuty: [...at.values()].filter((c) => c.site === siteId && c.role === role).length, substituted: 0, critical: true })),
  }) as unknown as SiteGaps);
};
const move = (clinicianId: string, from: string | null, to: string, role: string): Move => ({ clinicianId, from, to, role, travelMin: 60 });

test('each move names the gap it closes, and a backfill the gap another move of the proposal opens', () => {
  const moves = [move('s1', 'city', 'fwd', 'surgeon'), move('a1', 'city', 'fwd', 'anaesthetist'), move('v1', null, 'city', 'anaesthetist')];
  assert.deepEqual(moveAnswers(gapsWith, moves), [
    { siteId: 'fwd', role: 'surgeon', shortBefore: 1, shortAfter: 0 }, // s2 stays: the city keeps its surgeon
    { siteId: 'fwd', role: 'anaesthetist', shortBefore: 1, shortAfter: 0 }, // its place at the city is taken by v1
    { siteId: 'city', role: 'anaesthetist', shortBefore: 1, shortAfter: 0 },
  ]);
});

test('a move that leaves a gap behind says so', () => {
  const [a] = moveAnswers(gapsWith, [move('a1', 'city', 'fwd', 'anaesthetist')]);
  assert.deepEqual(a, { siteId: 'fwd', role: 'anaesthetist', shortBefore: 1, shortAfter: 0, opens: [{ siteId: 'city', role: 'anaesthetist', shortBefore: 0, shortAfter: 1 }] });
});

// The workforce log and the claims ledger through the door's discipline, on SQLite and PostgreSQL: validate →
// authorise → one transaction holding the facts and their audit entry → announce on the bus; `verifyFactStream` finds
// a fact edited, deleted or inserted behind the door. Accounting runs on the store's own connection (Store.sql): a
// claims transaction and a casualty append interleave without a second connection. Fails on the code before
// migration 009 / src/log/workforce.ts (no chain, no door, no Store.sql).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkforceFact } from '../core/index.ts';
import { contentId, uuidv7 } from '../core/index.ts';
import { openSqliteStore } from '../storage/sqlite.ts';
import { openPostgresStore } from '../storage/postgres.ts';
import type { Store } from '../storage/port.ts';
import type { LiveMessage } from '../storage/bus.ts';
import { factAudit } from '../storage/fact-audit.ts';
import type { PgServer } from '../../test/support/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { verifyFactStream } from '../audit/fact-streams.ts';
import { makeRegistered } from '../../test/support/events.ts';
import { changeStatus, createClaim } from '../accounting/ledger.ts';
import { workforceDoor } from './workforce.ts';
import { processLog } from './service.ts';
import { LogError } from './errors.ts';
import type { Principal } from '../auth/policy.ts';

const NOW = '2026-03-01T12:00:00.000Z';
const clinician = (i: number): WorkforceFact => ({
  id: contentId(`door-${i}`), at: NOW, author: 'personnel-1', type: 'clinician.recorded', // the door's writer: a person writes under their own name
  payload: { id: `c${i}`, name: `Clinician ${i}`, profession: 'nurse', specialties: [], credentials: [], training: [], experienceYears: 1, casesLast12Months: 0, languages: ['uk'], status: 'mobilised', availability: [] },
});
const who = (role: Principal['role']): Principal => ({ username: `${role}-1`, role, units: [], facilities: [], deviceId: null, via: 'session' });

let pg: PgServer | undefined;
const root = mkdtempSync(join(tmpdir(), 'gh-streams-'));
before(async () => {
  pg = await startPostgres({ fsyncOff: true });
});
after(async () => {
  await pg?.stop();
  rmSync(root, { recursive: true, force: true });
});
let n = 0;
const open = async (kind: 'sqlite' | 'postgres'): Promise<Store> => {
  const s = kind === 'sqlite' ? await openSqliteStore({ dataDir: join(root, `s${++n}`) }) : await openPostgresStore({ url: await pg!.createDatabase(), poolSize: 4 });
  await s.migrate();
  return s;
};

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`fact streams through the door: ${kind}`, () => {
    it('workforce facts: validated, authorised, stored with their audit entry, announced; tampering is found', async () => {
      const store = await open(kind);
      try {
        const heard: LiveMessage[] = [];
        const deps = { store, bus: { publish: (m: LiveMessage) => void heard.push(m) }, now: () => NOW };
        // Refused: a medic may not write the registry; an invalid fact refuses the batch. Nothing stored, nothing said.
        await assert.rejects(workforceDoor(deps, { actor: 'medic-1', principal: who('medic'), action: 'test' }).record([clinician(1)]), (e: unknown) => e instanceof LogError && e.status === 403);
        await assert.rejects(workforceDoor(deps, { actor: 'personnel-1', principal: who('personnel'), action: 'test' }).record([clinician(1), { ...clinician(2), type: 'nope' }]),
          (e: unknown) => e instanceof LogError && e.status === 400 && e.issues.some((i) => i.path.startsWith('facts.1')));
        assert.equal(await store.workforce.factsHead(), 0);
        assert.deepEqual(heard, []);

        const door = workforceDoor(deps, { actor: 'personnel-1', principal: who('personnel'), action: 'POST /api/workforce/facts' });
        const r = await door.record([clinician(1), clinician(2), clinician(3)]);
        assert.equal(r.accepted, 3);
        assert.deepEqual(heard, [{ type: 'workforce', head: 3 }]);
        assert.equal((await door.record([clinician(3)])).accepted, 0, 're-sent: a no-op');
        assert.equal(heard.length, 1, 'nothing new, nothing announced');
        const [entry, ...more] = await factAudit(store.sql, 'workforce', 0, 10);
        assert.equal(more.length, 0);
        assert.deepEqual([entry!.actor, entry!.action, entry!.items.map((x) => x[0])], ['personnel-1', 'POST /api/workforce/facts', [clinician(1).id, clinician(2).id, clinician(3).id]]);
        assert.equal((await verifyFactStream(store, 'workforce')).ok, true);

        // Behind the door's back: an edited payload, a deleted fact, an inserted one.
        const j = kind === 'postgres' ? '::json' : '';
        await store.sql.run(`UPDATE workforce_facts SET payload = ?${j} WHERE id = ?`, [JSON.stringify({ ...clinician(1).payload, name: 'Someone else' }), clinician(1).id]);
        await store.sql.run('DELETE FROM workforce_facts WHERE id = ?', [clinician(2).id]);
        const sneaky = clinician(9);
        await store.sql.run(`INSERT INTO workforce_facts (seq, id, type, subject, at, author, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?${j}, ?)`,
          [100, sneaky.id, sneaky.type, 'c9', NOW, 'personnel-1', JSON.stringify(sneaky.payload), NOW]);
        const v = await verifyFactStream(store, 'workforce');
        assert.equal(v.ok, false);
        assert.ok(v.problems.some((p) => p.includes(clinician(1).id) && /edited/.test(p)), v.problems.join('\n'));
        assert.ok(v.problems.some((p) => p.includes(clinician(2).id) && /deleted/.test(p)), v.problems.join('\n'));
        assert.ok(v.problems.some((p) => p.includes(sneaky.id) && /inserted/.test(p)), v.problems.join('\n'));
      } finally {
        await store.close();
      }
    });

    it('claims: every history entry chained in its transaction; an entry inserted behind the ledger is found', async () => {
      const store = await open(kind);
      try {
        const { claim } = await createClaim(store.sql, {
          claimant: 'President', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians', value: 60, valueKind: 'count', periodEnd: '2026-03-01',
        }, 'editor-1', NOW);
        await changeStatus(store.sql, claim.id, 'disputed', 'soldiers on the ground cannot confirm', 'editor-2', NOW);
        const entries = await factAudit(store.sql, 'claims', 0, 10);
        assert.deepEqual(entries.map((e) => [e.actor, e.action]), [['editor-1', 'claim created'], ['editor-2', 'claim status']]);
        const ok = await verifyFactStream(store, 'claims');
        assert.deepEqual([ok.ok, ok.facts, ok.entries], [true, 2, 2], ok.problems.join('\n'));
        await store.sql.run('INSERT INTO claim_history (claim_id, at, actor, action, reason, detail) VALUES (?, ?, ?, ?, ?, ?)', [claim.id, NOW, 'nobody', 'status', 'quietly', '{"to":"verified"}']);
        const bad = await verifyFactStream(store, 'claims');
        assert.equal(bad.ok, false);
        assert.ok(bad.problems.some((p) => /inserted/.test(p)), bad.problems.join('\n'));
      } finally {
        await store.close();
      }
    });

    it('accounting shares the store connection: a claims transaction and a casualty append both commit, neither inside the other', async () => {
      const store = await open(kind);
      try {
        const log = processLog({ store, bus: { publish: () => undefined } }, 'test');
        const cid = uuidv7();
        let appendDone = false;
        const claimTx = store.sql.tx(async (t) => {
          await t.all('SELECT 1 AS one'); // an awaited step inside the transaction
          await new Promise((r) => setImmediate(r));
          // While this transaction is open, a casualty append is waiting (SQLite) or on its own connection (PostgreSQL).
          if (kind === 'sqlite') assert.equal(appendDone, false, 'the append waits for the open transaction');
          return t.all<{ n: number }>('SELECT count(*) AS n FROM claims');
        });
        const append = log.record([makeRegistered(cid)]).then((r) => ((appendDone = true), r));
        const [[c], a] = await Promise.all([claimTx, append]);
        assert.equal(c!.n, 0);
        assert.equal(a.accepted, 1);
        assert.equal((await store.casualty(cid))?.id, cid);
      } finally {
        await store.close();
      }
    });
  });
}

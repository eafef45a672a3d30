// Evidence and source URLs of any scheme (session 49's attack review, medium): an editor's evidence with url
// "javascript:alert(1)" or "file:///etc/passwd" was stored (201) and shown to every claims reader as a link. A claim's
// `sourceUrl` and an evidence `url` are now http or https only (400 naming the field), in the one schema the web uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authTestAppOn, createUserAndLogin } from '../support/auth.ts';

const BAD = ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'ftp://example.org/x'];

for (const db of ['sqlite', 'postgres'] as const)
  test(`evidence and source URLs are http or https (${db})`, async () => {
    const t = await authTestAppOn(db);
    const editor = await createUserAndLogin(t, 'editor');
    const now = new Date().toISOString();
    const claim = (extra: object) => t.app.inject({ method: 'POST', url: '/api/claims', headers: editor.headers, payload: {
      claimant: 'probe', claimantSide: 'own', subjectSide: 'civilians', kind: 'civilians-killed', category: 'civilians',
      value: 1, valueKind: 'count', periodEnd: now, ...extra,
    } });
    const refused = (r: { statusCode: number; body: string }, path: string) => {
      assert.equal(r.statusCode, 400, r.body);
      const { error } = JSON.parse(r.body) as { error: { message: string; issues: { path: string; message: string }[] } };
      assert.deepEqual(error.issues.map((i) => [i.path, i.message]), [[path, 'an http or https URL']]);
    };

    for (const url of BAD) refused(await claim({ sourceUrl: url }), 'sourceUrl');
    const c = await claim({ sourceUrl: 'https://example.org/report' });
    assert.equal(c.statusCode, 201, c.body);
    const id = (c.json() as { claim: { id: string } }).claim.id;

    const evidence = (url: string) => t.app.inject({ method: 'POST', url: `/api/claims/${id}/evidence`, headers: editor.headers, payload: { url, firstSeen: now } });
    for (const url of BAD) refused(await evidence(url), 'url');
    for (const url of ['https://example.org/a.pdf', 'http://example.org/b']) assert.equal((await evidence(url)).statusCode, 201, url);

    const detail = (await t.app.inject({ method: 'GET', url: `/api/claims/${id}`, headers: editor.headers })).json() as { evidence: { url: string | null }[] };
    assert.deepEqual(detail.evidence.map((e) => e.url).sort(), ['http://example.org/b', 'https://example.org/a.pdf']);
  });

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTrustDb } from '../storage/trust-db.ts';
import { loadCursorKey, openCursor, sealCursor } from './cursor-token.ts';

test('every process on one trust database reads the same cursor key: a cursor one gave, another opens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gh-cursor-key-'));
  const a = await openTrustDb({ dataDir: dir });
  const b = await openTrustDb({ dataDir: dir });
  try {
    const [ka, kb] = await Promise.all([loadCursorKey(a), loadCursorKey(b)]);
    assert.deepEqual(ka, kb);
    assert.equal(openCursor(kb, 'medic-a', sealCursor(ka, 'medic-a', 42)), 42);
    assert.deepEqual(await loadCursorKey(a), ka, 'made once, then only read');
  } finally {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

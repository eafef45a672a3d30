// web/src/ui/steady.ts alone, in Chromium, on a page of its own (it imports nothing, so its TypeScript is stripped and
// loaded as it is): the console runs two held renders on one element (the whole board, and the plan alone), and the
// element's `data-held` mark is what tells the board that the renders wait (it then counts the new casualties).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripTypeScriptTypes } from 'node:module';
import type { Page } from 'playwright-core';
import { e2eSuite, REPO } from './harness.ts';
import type * as Steady from '../src/ui/steady.ts';

const env = e2eSuite(); // its server is not used: the page is blank

const SOURCE = stripTypeScriptTypes(readFileSync(join(REPO, 'web', 'src', 'ui', 'steady.ts'), 'utf8'));

/** A page with a root holding a select and a button, and steady.ts's exports on `window.steady`. */
async function page(): Promise<Page> {
  const p = await env.browser.newPage();
  await p.setContent('<main><div id="root"><select id="s"><option>a</option><option>b</option></select><button id="b">b</button></div></main>');
  await p.addScriptTag({ type: 'module', content: `${SOURCE}\nwindow.steady = { steadyRender, steadyLoad };` });
  await p.waitForFunction(() => 'steady' in window);
  return p;
}

test('two held renders on one element: the mark stays until the last of them lets go (the plan painted, the board still waiting on its select)', async () => {
  const p = await page();
  try {
    const marked = await p.evaluate(async () => {
      const { steadyRender } = (window as unknown as { steady: typeof Steady }).steady;
      const root = document.getElementById('root')!;
      const painted: string[] = [];
      const board = steadyRender(root, () => painted.push('board'), { selects: true });
      const plan = steadyRender(root, () => painted.push('plan'));
      const marks: boolean[] = [];
      const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));
      (document.getElementById('s') as HTMLSelectElement).focus();
      board.render(); // held: a select in use
      marks.push(root.hasAttribute('data-held'));
      root.dispatchEvent(new PointerEvent('pointerdown', { isPrimary: true, button: 0, pointerType: 'mouse', bubbles: true }));
      plan.render(); // held: a press in progress
      window.dispatchEvent(new PointerEvent('pointerup', { isPrimary: true, button: 0, pointerType: 'mouse', bubbles: true }));
      await tick();
      marks.push(root.hasAttribute('data-held')); // the plan painted; the board still waits on the select
      board.stop();
      board.stop(); // twice: still counted once
      marks.push(root.hasAttribute('data-held'));
      return { marks, painted };
    });
    assert.deepEqual(marked.painted, ['plan'], 'the plan painted at the lift, the board not while its select is in use');
    assert.deepEqual(marked.marks, [true, true, false]);
  } finally {
    await p.close();
  }
});

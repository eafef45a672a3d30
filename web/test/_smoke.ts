import { startServer, seedDemo, launch, phone, desktop, signIn, shot } from './harness.ts';
const s = await startServer();
try {
  await seedDemo(s);
  const b = await launch();
  const { page } = await phone(b, s.url);
  page.on('console', (m) => console.log('[page]', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  await page.goto('/');
  await page.waitForSelector('#new-casualty');
  await shot(page, 'smoke-home');
  await page.click('#new-casualty');
  await page.click('[data-mech="fpv-drone"]');
  await page.click('[data-limb="left-leg"]');
  await page.click('#tq-next');
  await page.click('[data-prec="urgent"]');
  await page.waitForSelector('#card-head');
  await page.waitForTimeout(500);
  await shot(page, 'smoke-card');
  await signIn(page, 'medic');
  await page.waitForTimeout(1500);
  console.log(await page.textContent('#outbox'));
  const d = await desktop(b, s.url);
  d.page.on('pageerror', (e) => console.log('[pageerror d]', e.message));
  d.page.on('console', (m) => console.log('[d]', m.type(), m.text()));
  d.page.on('response', (r) => { if (r.status() >= 400) console.log('[404]', r.status(), r.url()); });
  await signIn(d.page, 'dispatcher');
  await d.page.waitForTimeout(3000);
  await shot(d.page, 'smoke-console');
  console.log(JSON.stringify(await s.api('/api/evacuations?status=all')).slice(0, 500));
  await b.close();
} finally {
  await s.stop();
}

import { startServer, seedDemo, launch, desktop, signIn, shot } from './harness.ts';
const s = await startServer();
try {
  await seedDemo(s);
  const b = await launch();
  const d = await desktop(b, s.url);
  d.page.on('pageerror', (e) => console.log('[pageerror d]', e.message));
  d.page.on('console', (m) => console.log('[d]', m.type(), m.text().slice(0, 300)));
  await signIn(d.page, 'dispatcher');
  await d.page.waitForTimeout(5000);
  console.log((await d.page.innerHTML('#map')).slice(0, 1500));
  await shot(d.page, 'smoke-console');
  await b.close();
} finally {
  await s.stop();
}

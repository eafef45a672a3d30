// One server process for the scale bench (`bench/scale/main.ts` starts one or two of these on one PostgreSQL):
// the app as `serve` builds it, auth on (rate limit off: the bench is one medic's token at thousands of requests a
// second), PostgreSQL bus. Prints `{"base": "http://127.0.0.1:port"}` once listening; stops on SIGTERM.
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { openTrust } from '../../src/auth/trust.ts';
import { buildApp } from '../../src/server/app.ts';
import { createPgBus } from '../../src/sync/pg-bus.ts';

const url = process.argv[2]!;
const store = await openPostgresStore({ url, poolSize: 10 });
const trust = await openTrust({ url });
const bus = await createPgBus(url, { appendsAnnounced: true });
const app = await buildApp({ store, bus, auth: { trust, rateLimit: false } });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ base }));
process.on('SIGTERM', () => {
  void (async () => {
    await app.close();
    await bus.close();
    await trust.close();
    await store.close();
    process.exit(0);
  })();
});

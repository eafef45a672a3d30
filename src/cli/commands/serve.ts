import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { buildApp } from '../../server/app.ts';
import { openTrust, trustTarget } from '../../auth/trust.ts';
import { createPgBus } from '../../sync/pg-bus.ts';
import { startUpstream } from '../../sync/upstream.ts';
import { claimsRound } from '../../accounting/replicate.ts';
import { everyRound } from '../../sync/rounds.ts';
import { parseMapOrigins } from '../../auth/hardening.ts';
import { parseArgs, int, str } from '../args.ts';
import type { Command } from '../command.ts';
import { proposalRunner } from '../../server/proposal-runner.ts';
import { UsageError, describeDatabase, loadConfig, migrationsSaid, openConfiguredStore } from '../config.ts';

/**
 * Fails with a one-line UsageError (exit code 2) when host:port cannot be bound, before anything is created or
 * migrated: a second `npm start` must not touch the first one's database.
 */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port, host, exclusive: true }, resolve);
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === 'EADDRINUSE' ? `port ${port} is already in use on ${host} (another server?)`
      : code === 'EACCES' ? `port ${port} on ${host} needs administrator privileges`
      : `cannot listen on ${host} port ${port} (${code ?? String(err)})`;
    const other = port === 65535 ? 8081 : port + 1;
    throw new UsageError(`${problem}: stop the other server, or choose another port with PORT (e.g. PORT=${other} npm start) or --port`, 2);
  } finally {
    await new Promise<void>((resolve) => (probe.listening ? probe.close(() => resolve()) : resolve()));
  }
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'migrate the database, then serve the API and web app (what `npm start` runs)',
  usage: `Usage: goldenhour serve [--port N] [--host ADDR]

Applies pending database migrations, then serves the HTTP API (/api/...) and the web app (or a placeholder page)
until interrupted (Ctrl-C / SIGTERM).

Options:
  --port N       port to listen on (default: $PORT or 8080; 0 = any free port)
  --host ADDR    address to listen on (default: $HOST or 127.0.0.1, loopback only)
  -h, --help     show this help

Environment: PORT, HOST, DATA_DIR (SQLite directory, default ./data), DATABASE_URL (use PostgreSQL),
TLS_CERT and TLS_KEY (PEM files: serve HTTPS; without them the server listens on loopback only),
UPSTREAM_URL, UPSTREAM_TOKEN, SYNC_INTERVAL (seconds, default 30): replicate with a rear server (a peer user there).
TAK_URL (tcp://host:8088 or ssl://host:8089), TAK_CERT, TAK_KEY, TAK_CA (PEM files for ssl://), TAK_PROTOCOL
(xml or protobuf): show open evacuation requests, facilities and vehicles in TAK clients and take 9-lines and
vehicle positions from them. TAK_UNITS: the units whose casualties TAK may see (comma-separated, or * for all;
unset: none). MAP_ORIGINS: origins the web app may load map tiles or PMTiles from (CSP).
Authentication is always on: create the first administrator with \`goldenhour user add NAME --role admin\`.`,
  async run(argv) {
    const p = parseArgs(argv, ['port', 'host']);
    if (p.flags.has('help')) return console.log(this.usage), 0;
    const config = loadConfig();
    const port = int(p, 'port', config.port, 0, 65535);
    let host = str(p, 'host') ?? config.host;
    const tlsCert = process.env.TLS_CERT;
    const tlsKey = process.env.TLS_KEY;
    const https = tlsCert && tlsKey ? { cert: readFileSync(tlsCert), key: readFileSync(tlsKey) } : undefined;
    const loopback = (h: string) => h === '127.0.0.1' || h === 'localhost' || h === '::1';
    if (!https && !loopback(host)) {
      console.log(`No TLS_CERT/TLS_KEY: refusing to serve plain HTTP on ${host}; listening on 127.0.0.1 only.`);
      host = '127.0.0.1';
    }
    // The tests' cheap password hashes (PASSWORD_COST=low, src/auth/crypto.ts) never guard what other machines reach.
    const cost = process.env.PASSWORD_COST;
    if (cost !== undefined && cost !== '' && cost !== 'low') throw new UsageError(`PASSWORD_COST=${cost}: leave it unset (tests may set low)`, 2);
    if (cost === 'low' && !loopback(host)) throw new UsageError(`PASSWORD_COST=low is for tests on this machine: unset it to serve ${host}`, 2);
    await ensurePortFree(host, port);
    const store = await openConfiguredStore(config);
    const applied = await store.migrate();
    if (applied.length) console.log(`Database: ${migrationsSaid(applied)}`);
    const trust = await openTrust(trustTarget(config));
    // Several server processes on one PostgreSQL share one live stream (LISTEN/NOTIFY).
    const bus = config.databaseUrl ? await createPgBus(config.databaseUrl, { appendsAnnounced: true }) : undefined;
    const app = await buildApp({
      store,
      ...(bus ? { bus } : {}),
      logger: { level: process.env.LOG_LEVEL ?? 'warn' },
      planAhead: true,
      figuresAhead: true,
      auth: {
        trust,
        https: Boolean(https),
        mapOrigins: parseMapOrigins(process.env.MAP_ORIGINS),
        ...(process.env.RATE_LIMIT === 'off' ? { rateLimit: false as const } : {}),
      },
      ...(https ? { https } : {}),
    });
    if ((await trust.auth.userCount()) === 0)
      console.log('No users yet. Create the administrator in another terminal, with the same DATA_DIR / DATABASE_URL: ' +
        'npm run goldenhour -- user add admin --role admin (installed: goldenhour user add …), the password (10 characters or more) in GH_PASSWORD; then sign in.');
    // A field box replicates with its rear server whenever the link is up (docs/sync.md SYNC-11).
    const upstream = process.env.UPSTREAM_URL
      ? startUpstream({ store, bus: app.ctx.bus, peers: trust.peers, url: process.env.UPSTREAM_URL, token: process.env.UPSTREAM_TOKEN, intervalMs: 1000 * Number(process.env.SYNC_INTERVAL ?? 30), log: (s) => console.log(s), setAside: async (peer, x) => {
          // The refused event stays in our log; the audit records it for a person to correct (amend, void, re-record).
          await trust.audit.append([{ actor: 'system', deviceId: null, action: 'sync.set-aside', target: x.event.id, detail: { peer, direction: x.direction ?? 'push', casualtyId: x.event.casualtyId, seq: x.event.seq, status: x.status, reason: x.reason } }]);
        } })
      : null;
    // The claims ledger replicates with the same rear server, by its own cursors (docs/accounting.md).
    const claimsUpstream = process.env.UPSTREAM_URL
      ? everyRound(`claims ${process.env.UPSTREAM_URL}`, 1000 * Number(process.env.SYNC_INTERVAL ?? 30),
          claimsRound({ db: app.ctx.accounting, url: process.env.UPSTREAM_URL, token: process.env.UPSTREAM_TOKEN, cursors: trust.peers, announce: (claimId) => app.ctx.bus.publish({ type: 'claims', claimId }) }),
          (s) => console.log(s))
      : null;
    // The TAK link (and the CoT library it loads, ~45 MiB resident) only when one is configured (issue 16).
    const { parseTakScope, startTakService } = process.env.TAK_URL ? await import('../../interop/tak/service.ts') : { parseTakScope: null, startTakService: null };
    const tak = process.env.TAK_URL && startTakService && parseTakScope
      ? startTakService({
          store,
          bus: app.ctx.bus,
          url: process.env.TAK_URL,
          scope: parseTakScope(process.env.TAK_UNITS),
          protocol: process.env.TAK_PROTOCOL === 'protobuf' ? 'protobuf' : 'xml',
          ...(process.env.TAK_CERT && process.env.TAK_KEY && process.env.TAK_CA
            ? { tls: { cert: process.env.TAK_CERT, key: process.env.TAK_KEY, ca: process.env.TAK_CA } }
            : {}),
          log: (s) => console.log(s),
        })
      : null;
    if (tak && parseTakScope && parseTakScope(process.env.TAK_UNITS) !== 'all' && !process.env.TAK_UNITS?.trim())
      console.log('TAK_UNITS is not set: TAK gets facilities and vehicles but no casualty (set TAK_UNITS=unit,unit or *).');
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: stopping`);
      await upstream?.stop();
      await claimsUpstream?.stop();
      await tak?.stop();
      await app.close();
      await proposalRunner.close();
      await bus?.close();
      await store.close();
      await trust.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
    await app.listen({ port, host });
    const addr = app.server.address();
    const actualPort = typeof addr === 'object' && addr ? addr.port : port;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    console.log(`Golden Hour ${app.ctx.version} listening on ${https ? 'https' : 'http'}://${shownHost}:${actualPort}/`);
    console.log(`Database: ${describeDatabase(config)}`);
    if (loopback(host)) console.log(`Loopback only${https ? '' : ' (no TLS_CERT/TLS_KEY)'}: set HOST${https ? '' : ' and TLS_CERT/TLS_KEY'} to serve other machines.`);
    // A server that keeps a workforce registry warms the assignment solver now, not at the first proposal.
    // On the proposal worker's thread: the warm-up's solve does not hold up requests either.
    if ((await store.workforce.factsHead()) > 0) setTimeout(() => void proposalRunner.warmUp().catch((e: unknown) => console.log(`workforce solver warm-up failed: ${String(e)}`)), 1000).unref();
    return new Promise<number>(() => {}); // runs until a signal stops the process
  },
};

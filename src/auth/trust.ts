// Everything the server needs for trust, opened together: the trust database, users/devices/sessions, the audit
// chain and the persisted sync-peer cursors.
import type { Sql, TrustTarget } from '../storage/trust-db.ts';
import { openTrustDb } from '../storage/trust-db.ts';
import { AuthService } from './service.ts';
import { AuditLog } from '../audit/log.ts';
import type { PeerCursor, PeerState } from '../storage/trust-db.ts';

export interface Trust {
  sql: Sql;
  auth: AuthService;
  audit: AuditLog;
  peers: PeerState;
  close(): Promise<void>;
}

export function sqlPeerState(sql: Sql): PeerState {
  return {
    async load(peer) {
      const r = await sql.query<{ pushed: number | string; pulled: number | string }>('SELECT pushed, pulled FROM sync_peers WHERE peer = $1', [peer]);
      return r[0] ? { pushed: Number(r[0].pushed), pulled: Number(r[0].pulled) } : { pushed: 0, pulled: 0 };
    },
    async save(peer, c: PeerCursor) {
      await sql.query(
        'INSERT INTO sync_peers (peer, pushed, pulled) VALUES ($1, $2, $3) ON CONFLICT (peer) DO UPDATE SET pushed = excluded.pushed, pulled = excluded.pulled',
        [peer, c.pushed, c.pulled],
      );
    },
  };
}

export async function openTrust(target: TrustTarget): Promise<Trust> {
  const sql = await openTrustDb(target);
  const audit = new AuditLog(sql);
  return { sql, auth: new AuthService(sql), audit, peers: sqlPeerState(sql), close: async () => {
    await audit.drain();
    await sql.close();
  } };
}

/** From the server's environment: PostgreSQL when DATABASE_URL is set, else DATA_DIR/trust.db. */
export function trustTarget(env: { databaseUrl?: string | undefined; dataDir: string }): TrustTarget {
  return env.databaseUrl ? { url: env.databaseUrl } : { dataDir: env.dataDir };
}

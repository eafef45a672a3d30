// Small I/O helpers shared by the user/device/audit/sync commands.
import { openTrust, trustTarget } from '../../auth/trust.ts';
import type { Trust } from '../../auth/trust.ts';
import { AuthError } from '../../auth/service.ts';
import type { InTx } from '../../auth/service.ts';
import { userInfo } from 'node:os';
import { UsageError, loadConfig } from '../config.ts';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Run a command against the trust database (users, devices, audit) of the configured DATA_DIR / DATABASE_URL,
 * closing it afterwards; an AuthError (unknown user, weak password…) becomes a usage error with exit code 1.
 */
export async function withTrust(run: (trust: Trust) => Promise<number>): Promise<number> {
  const trust = await openTrust(trustTarget(loadConfig()));
  try {
    return await run(trust);
  } catch (e) {
    if (e instanceof AuthError) throw new UsageError(e.message, 1);
    throw e;
  } finally {
    await trust.close();
  }
}

/** The OS account running the command (the CLI has no sign-in: whoever runs it holds the database). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}

/**
 * A CLI change's audit entry, written in the change's transaction on the access chain: actor `cli` (a reserved name,
 * never a user's), the OS account in `detail.os`.
 */
export const cliAudit = (trust: Trust, action: string, target: string | null, detail: Record<string, unknown> = {}): InTx =>
  async (t) => trust.audit.appendIn(t, [{ actor: 'cli', deviceId: null, action, target, detail: { os: osUser(), ...detail } }]);

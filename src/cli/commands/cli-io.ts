// Small I/O helpers shared by the user/device/audit/sync commands.
import { openTrust, trustTarget } from '../../auth/trust.ts';
import type { Trust } from '../../auth/trust.ts';
import { AuthError } from '../../auth/service.ts';
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

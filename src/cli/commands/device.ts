// goldenhour device enroll|list|revoke — enrolled devices (phones, tablets, field boxes).
import { parseArgs, str } from '../args.ts';
import { UsageError } from '../config.ts';
import { cliAudit, withTrust } from './cli-io.ts';

const USAGE = `Usage:
  goldenhour device enroll --user NAME --label "phone 7"   prints a one-time enrolment code (15 minutes)
  goldenhour device list
  goldenhour device revoke DEVICE_ID                        the device is refused from its next request

On the device, enter the code (web app: "Enrol this device"; API: POST /api/auth/enrol {code}); it receives a
device credential that acts as that user until revoked.`;

export async function deviceCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, ['user', 'label']);
  if (p.flags.has('help')) return console.log(USAGE), 0;
  const [sub, id] = p.positional;
  return withTrust(async (trust) => {
    if (sub === 'enroll' || sub === 'enrol') {
      const user = str(p, 'user');
      if (!user) throw new UsageError(`device enroll needs --user NAME\n\n${USAGE}`);
      // In the code's transaction, as every writer's entry (before: after it, so a failed audit left the code).
      const r = await trust.auth.createEnrolment(user, str(p, 'label') ?? 'device', (t, deviceId) => cliAudit(trust, 'device.enrolment.created', deviceId, { user })(t));
      console.log(`Enrolment code for ${user} (${r.deviceId}), valid until ${r.expiresAt}:\n\n    ${r.code}\n`);
      return 0;
    }
    if (sub === 'list') {
      for (const d of await trust.auth.devices())
        console.log(`${d.deviceId}\t${d.username}\t${d.label}\t${d.revokedAt ? `revoked ${d.revokedAt}` : d.enrolledAt ? `enrolled ${d.enrolledAt}` : 'code issued'}`);
      return 0;
    }
    if (sub === 'revoke') {
      if (!id) throw new UsageError('device revoke needs a DEVICE_ID');
      if (!(await trust.auth.revokeDevice(id, cliAudit(trust, 'device.revoked', id)))) throw new UsageError(`no device ${id}`, 1);
      console.log(`Revoked ${id}`);
      return 0;
    }
    throw new UsageError(USAGE);
  });
}

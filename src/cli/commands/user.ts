// goldenhour user add|list|disable — users of this server (the trust database beside the store).
import { parseArgs, str } from '../args.ts';
import { UsageError } from '../config.ts';
import { isRole } from '../../auth/policy.ts';
import { ROLES } from '../../core/api.ts';
import { cliAudit, readStdin, withTrust } from './cli-io.ts';

const USAGE = `Usage:
  goldenhour user add NAME --role ROLE [--units U1,U2] [--facilities F1,F2] [--password-stdin]
  goldenhour user list
  goldenhour user disable NAME

Roles: medic (needs --units), dispatcher, facility (needs --facilities), commander, analyst, admin,
editor (the accounting ledger's claims), personnel (the medical workforce registry),
peer (another server that replicates with this one).
The password is read from $GH_PASSWORD, or from standard input with --password-stdin (at least 10 characters).
First run: create the administrator with  goldenhour user add admin --role admin --password-stdin
Uses the same DATA_DIR / DATABASE_URL as the server (it may be running).`;

export async function userCommand(argv: string[]): Promise<number> {
  const p = parseArgs(argv, ['role', 'units', 'facilities'], ['password-stdin']);
  if (p.flags.has('help')) return console.log(USAGE), 0;
  const [sub, name] = p.positional;
  const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
  return withTrust(async (trust) => {
    if (sub === 'add') {
      if (!name) throw new UsageError(`user add needs a NAME\n\n${USAGE}`);
      const role = str(p, 'role');
      if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`); // from the list itself: editor and personnel were left out
      const password = p.flags.has('password-stdin') ? (await readStdin()).replace(/\r?\n$/, '') : process.env.GH_PASSWORD;
      if (!password) throw new UsageError('give the password in $GH_PASSWORD or on standard input with --password-stdin');
      const units = list(str(p, 'units'));
      const facilities = list(str(p, 'facilities'));
      // Audited in the creation's transaction, as the API's `user.created` is: no account stands without its entry.
      const u = await trust.auth.addUser({ username: name, password, role, units, facilities }, cliAudit(trust, 'user.created', name, { role, units, facilities }));
      console.log(`Created ${u.role} ${u.username}${u.units.length ? ` (units ${u.units.join(', ')})` : ''}${u.facilities.length ? ` (facilities ${u.facilities.join(', ')})` : ''}`);
      return 0;
    }
    if (sub === 'list') {
      for (const u of await trust.auth.users())
        console.log(`${u.username}\t${u.role}\t${[...u.units, ...u.facilities].join(',') || '-'}${u.disabled ? '\tdisabled' : ''}`);
      return 0;
    }
    if (sub === 'disable') {
      if (!name) throw new UsageError('user disable needs a NAME');
      if (!(await trust.auth.user(name))) throw new UsageError(`unknown user ${name}`, 1);
      // The service refuses, under the administrators' row lock, to leave no enabled administrator (exit 1).
      await trust.auth.setDisabled(name, true, cliAudit(trust, 'user.disabled', name));
      console.log(`Disabled ${name}; its sessions are revoked`);
      return 0;
    }
    throw new UsageError(USAGE);
  });
}

/**
 * The platform's application naming rule, shared by the deploy library and the sandbox's Management API
 * (management-api.md §2.1, §3.8; voxengine-ci's getApplicationFullName): an application `myapp` of
 * account `acme` is `myapp.acme.voximplant.com`.
 */

/** What a full application name of `accountName` ends with: `.<account_name>.voximplant.com`. */
export function applicationNameSuffix(accountName: string): string {
  return `.${accountName}.voximplant.com`;
}

/**
 * `<short>.<account_name>.voximplant.com` for a short name; a name with a dot is taken as already full.
 * Accounts on a node (`….n1.voximplant.com`) need the full name in the configuration [I].
 */
export function fullApplicationName(name: string, accountName: string): string {
  return name.includes('.') ? name : `${name}${applicationNameSuffix(accountName)}`;
}

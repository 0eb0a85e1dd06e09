import { fullApplicationName } from '../../contract/application-name';
import type { PlatformApi } from './api';
import { PlatformResponseError } from './errors';
import { VoxmaskError } from '../errors';

/** The account the credentials act on (GetAccountInfo, docs/platform.md#account-info). */
export interface AccountIdentity {
  accountId: number;
  accountName: string;
}

/** An application found on the platform. `applicationName` is the full name. */
export interface ApplicationRef {
  applicationId: number;
  applicationName: string;
}

/** The named application does not exist on the account. */
export class ApplicationNotFoundError extends VoxmaskError {
  override name = 'ApplicationNotFoundError';
  readonly code = 'E_APPLICATION_NOT_FOUND';
  constructor(readonly applicationName: string) {
    super(`application ${applicationName} does not exist on this account; run "voxmask deploy" first`);
  }
}

/** GetAccountInfo: the account's id and name. @throws PlatformResponseError when the answer lacks them */
export async function readAccount(api: PlatformApi): Promise<AccountIdentity> {
  const account = await api.call('GetAccountInfo', {});
  const accountName = account.result?.accountName;
  const accountId = account.result?.accountId;
  if (typeof accountName !== 'string' || typeof accountId !== 'number') {
    throw new PlatformResponseError('GetAccountInfo', 'result lacks account_name or account_id');
  }
  return { accountId, accountName };
}

/**
 * Finds an application by short or full name (GetAccountInfo to expand a short name, then
 * GetApplications with the name as a filter and an exact match on the full name).
 * @throws ApplicationNotFoundError when no application has exactly that full name
 */
export async function resolveApplication(api: PlatformApi, name: string): Promise<ApplicationRef> {
  const full = name.includes('.') ? name : fullApplicationName(name, (await readAccount(api)).accountName);
  const res = await api.call('GetApplications', { applicationName: full, count: 100 });
  const app = (res.result ?? []).find((a) => a.applicationName === full);
  if (!app) throw new ApplicationNotFoundError(full);
  return { applicationId: app.applicationId, applicationName: app.applicationName };
}

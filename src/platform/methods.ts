import type VoximplantApiClient from '@voximplant/apiclient-nodejs';

/**
 * The Management API methods voxmask sends through the official client, as a table:
 * method name (the `cmd`) → how to pick the client function, and whether repeating it is harmless.
 * Idempotency decides retries after ambiguous failures (see retry.ts): `Set*`, `Bind*` with the same
 * arguments and `Reorder*` converge; `Add*`/`Attach*` could create a duplicate.
 * Method semantics: docs/platform.md#management-api.
 */
export const CLIENT_METHODS = {
  GetAccountInfo: { pick: (c: VoximplantApiClient) => c.Accounts.getAccountInfo, idempotent: true },
  GetApplications: { pick: (c: VoximplantApiClient) => c.Applications.getApplications, idempotent: true },
  AddApplication: { pick: (c: VoximplantApiClient) => c.Applications.addApplication, idempotent: false },
  GetScenarios: { pick: (c: VoximplantApiClient) => c.Scenarios.getScenarios, idempotent: true },
  AddScenario: { pick: (c: VoximplantApiClient) => c.Scenarios.addScenario, idempotent: false },
  SetScenarioInfo: { pick: (c: VoximplantApiClient) => c.Scenarios.setScenarioInfo, idempotent: true },
  BindScenario: { pick: (c: VoximplantApiClient) => c.Scenarios.bindScenario, idempotent: true },
  ReorderScenarios: { pick: (c: VoximplantApiClient) => c.Scenarios.reorderScenarios, idempotent: true },
  // Starts a new session each time: never repeated after an ambiguous failure (a second call would be placed).
  StartScenarios: { pick: (c: VoximplantApiClient) => c.Scenarios.startScenarios, idempotent: false },
  GetRules: { pick: (c: VoximplantApiClient) => c.Rules.getRules, idempotent: true },
  AddRule: { pick: (c: VoximplantApiClient) => c.Rules.addRule, idempotent: false },
  SetRuleInfo: { pick: (c: VoximplantApiClient) => c.Rules.setRuleInfo, idempotent: true },
  ReorderRules: { pick: (c: VoximplantApiClient) => c.Rules.reorderRules, idempotent: true },
  GetPhoneNumbers: { pick: (c: VoximplantApiClient) => c.PhoneNumbers.getPhoneNumbers, idempotent: true },
  GetNewPhoneNumbers: { pick: (c: VoximplantApiClient) => c.PhoneNumbers.getNewPhoneNumbers, idempotent: true },
  AttachPhoneNumber: { pick: (c: VoximplantApiClient) => c.PhoneNumbers.attachPhoneNumber, idempotent: false },
  BindPhoneNumberToApplication: {
    pick: (c: VoximplantApiClient) => c.PhoneNumbers.bindPhoneNumberToApplication,
    idempotent: true,
  },
  SetKeyValueItem: { pick: (c: VoximplantApiClient) => c.KeyValueStorage.setKeyValueItem, idempotent: true },
  GetKeyValueItem: { pick: (c: VoximplantApiClient) => c.KeyValueStorage.getKeyValueItem, idempotent: true },
  DelKeyValueItem: { pick: (c: VoximplantApiClient) => c.KeyValueStorage.delKeyValueItem, idempotent: true },
} as const;

/** A method voxmask sends through the official client. */
export type ClientMethodName = keyof typeof CLIENT_METHODS;
type ClientFn<M extends ClientMethodName> = ReturnType<(typeof CLIENT_METHODS)[M]['pick']>;
/** The client's request type for method M (camelCase keys; list fields accept arrays). */
export type RequestOf<M extends ClientMethodName> = Parameters<ClientFn<M>>[0];
/** The client's mapped response for method M, minus `error` (thrown instead). */
export type ResponseOf<M extends ClientMethodName> = Omit<Awaited<ReturnType<ClientFn<M>>>, 'error'>;

/** Methods whose name starts with one of these change platform state (used for "no write calls" checks). */
export const WRITE_METHOD_PREFIXES = ['Add', 'Set', 'Del', 'Bind', 'Reorder', 'Attach'] as const;

/** Whether the Management API method `cmd` changes state (Add*, Set*, Del*, Bind*, Reorder*, Attach*). */
export function isWriteMethod(cmd: string): boolean {
  return WRITE_METHOD_PREFIXES.some((prefix) => cmd.startsWith(prefix));
}

import { MethodSpec, MethodTable } from '../context';
import { accountMethods } from './account';
import { applicationMethods } from './applications';
import { keyValueMethods } from './key-value';
import { phoneNumberMethods } from './phone-numbers';
import { ruleMethods } from './rules';
import { scenarioMethods } from './scenarios';
import { sessionMethods } from './sessions';

const GROUPS: MethodTable[] = [
  accountMethods,
  applicationMethods,
  scenarioMethods,
  ruleMethods,
  phoneNumberMethods,
  keyValueMethods,
  sessionMethods,
];

/**
 * Every Management API method the sandbox serves, by `cmd` name (exact, case-sensitive, as the clients
 * send it). One module per method group; a name defined twice is a programming error and throws here.
 */
export const METHODS: ReadonlyMap<string, MethodSpec> = (() => {
  const table = new Map<string, MethodSpec>();
  for (const group of GROUPS) {
    for (const [name, spec] of Object.entries(group)) {
      if (table.has(name)) throw new Error(`Management API method ${name} is defined twice`);
      table.set(name, spec);
    }
  }
  return table;
})();

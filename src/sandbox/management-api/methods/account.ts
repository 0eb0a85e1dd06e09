import { MethodTable } from '../context';
import { platformDateTime } from '../format';

/**
 * GetAccountInfo (docs/platform.md#account-info): `{result: {account_id, account_name, account_email, active,
 * frozen, balance, currency, created}, api_address}`. voxengine-ci uses `account_name` to expand short
 * application names (docs/platform.md#application-names). The sandbox has no billing: balance is always 0 USD and purchases are free.
 */
export const accountMethods: MethodTable = {
  GetAccountInfo: {
    handle: (ctx) => {
      ctx.params.bool('return_live_balance', false); // validated; the balance is not live either way
      const account = ctx.state.account;
      return {
        result: {
          account_id: account.accountId,
          account_name: account.accountName,
          account_email: account.accountEmail,
          active: true,
          frozen: false,
          balance: 0,
          currency: 'USD',
          created: platformDateTime(account.createdMs),
        },
        api_address: `https://${ctx.host}`,
      };
    },
  },
};

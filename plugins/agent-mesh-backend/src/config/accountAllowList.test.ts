import { ConfigReader } from '@backstage/config';
import {
  AccountNotAllowedError,
  readAccountAllowList,
  requireAllowedAccount,
} from './accountAllowList';

const real = { localEndpointsOnly: false };

describe('the account allow list', () => {
  it('allows the listed accounts, in the listed regions, and the accounts of aws.accounts in every region', () => {
    const list = readAccountAllowList(
      new ConfigReader({
        agentMesh: {
          accounts: [
            { accountId: '111111111111', regions: ['eu-west-1'] },
            { accountId: '222222222222' },
          ],
        },
        aws: { accounts: [{ accountId: '333333333333', roleName: 'reader' }] },
      }),
      real,
    );

    for (const target of [
      { accountId: '111111111111', region: 'eu-west-1' },
      { accountId: '222222222222', region: 'ap-southeast-2' },
      { accountId: '333333333333', region: 'us-east-1' },
      // Cost Explorer names no region.
      { accountId: '111111111111' },
    ]) {
      expect(() => requireAllowedAccount(list, target)).not.toThrow();
    }
    expect(() =>
      requireAllowedAccount(list, {
        accountId: '111111111111',
        region: 'us-east-1',
      }),
    ).toThrow(
      'Region us-east-1 of AWS account 111111111111 is not one this Backstage reads: agentMesh.accounts allows eu-west-1',
    );
    expect(() =>
      requireAllowedAccount(list, {
        accountId: '999999999999',
        region: 'eu-west-1',
      }),
    ).toThrow(AccountNotAllowedError);
    expect(() =>
      requireAllowedAccount(list, { accountId: '999999999999' }),
    ).toThrow(
      'AWS account 999999999999 is not one this Backstage reads: add it to agentMesh.accounts (or aws.accounts); configured: 111111111111, 222222222222, 333333333333',
    );
  });

  it('allows none when real AWS may be reached and nothing is configured, and any when every endpoint is local', () => {
    const none = readAccountAllowList(new ConfigReader({}), real);
    expect(() =>
      requireAllowedAccount(none, { accountId: '111111111111' }),
    ).toThrow('none is configured');

    const local = readAccountAllowList(new ConfigReader({}), {
      localEndpointsOnly: true,
    });
    expect(() =>
      requireAllowedAccount(local, { accountId: '111111111111' }),
    ).not.toThrow();
  });

  it.each([
    [{ accountId: '12345' }, /agentMesh\.accounts\[0\]\.accountId.*12 digits/],
    [
      { accountId: '111111111111', regions: ['Ireland'] },
      /agentMesh\.accounts\[0\]\.regions.*"Ireland" is not an AWS region/,
    ],
  ])(
    'refuses a bad entry with the key in the message: %j',
    (entry, message) => {
      expect(() =>
        readAccountAllowList(
          new ConfigReader({ agentMesh: { accounts: [entry] } }),
          real,
        ),
      ).toThrow(message);
    },
  );
});

import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';

/**
 * The AWS accounts, and in each the regions, whose meshes this Backstage reads and changes. A catalog entity
 * can name any account; only the ones configured here are ever called, with the backend's credentials.
 */
export type AccountAllowList =
  /** Every account: only when no real AWS can be reached (endpoints overridden, no `aws` config). */
  | { kind: 'any' }
  /** Account id to its regions; `undefined` for every region. */
  | { kind: 'listed'; accounts: Map<string, ReadonlySet<string> | undefined> };

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Reads `agentMesh.accounts` and the accounts of `aws.accounts` (`@backstage/integration-aws-node`, every region).
 * With neither, and every endpoint the plugin uses pointed elsewhere without an `aws` section (the embedded
 * default, LocalStack), any account is allowed; otherwise none, and each refusal says what to configure.
 */
export function readAccountAllowList(
  config: Config,
  options: { localEndpointsOnly: boolean },
): AccountAllowList {
  const listed = config.getOptionalConfigArray('agentMesh.accounts');
  const integrated = config.getOptionalConfigArray('aws.accounts') ?? [];
  if (!listed && integrated.length === 0 && options.localEndpointsOnly) {
    return { kind: 'any' };
  }
  const accounts = new Map<string, ReadonlySet<string> | undefined>();
  (listed ?? []).forEach((entry, index) => {
    const at = `agentMesh.accounts[${index}]`;
    const accountId = entry.getString('accountId');
    if (!ACCOUNT_ID.test(accountId)) {
      throw new Error(
        `Invalid config at '${at}.accountId': "${accountId}" is not an AWS account id; use its 12 digits.`,
      );
    }
    const regions = entry.getOptionalStringArray('regions');
    const badRegion = regions?.find(region => !REGION.test(region));
    if (badRegion !== undefined) {
      throw new Error(
        `Invalid config at '${at}.regions': "${badRegion}" is not an AWS region name such as eu-west-1.`,
      );
    }
    accounts.set(accountId, regions ? new Set(regions) : undefined);
  });
  for (const entry of integrated) {
    const accountId = entry.getOptionalString('accountId');
    if (accountId && !accounts.has(accountId))
      accounts.set(accountId, undefined);
  }
  return { kind: 'listed', accounts };
}

/** An AWS call refused before any client was made, because config does not allow the mesh's account or region. */
export class AccountNotAllowedError extends NotAllowedError {}

/**
 * Throws {@link AccountNotAllowedError} unless the allow list has the account, and the region when one is
 * given (Cost Explorer has a single global endpoint, so its calls name none).
 */
export function requireAllowedAccount(
  list: AccountAllowList,
  target: { accountId: string; region?: string },
): void {
  if (list.kind === 'any') return;
  const configured = [...list.accounts.keys()];
  if (!list.accounts.has(target.accountId)) {
    const known = configured.length
      ? `configured: ${configured.join(', ')}`
      : 'none is configured';
    throw new AccountNotAllowedError(
      `AWS account ${target.accountId} is not one this Backstage reads: add it to agentMesh.accounts (or aws.accounts); ${known}`,
    );
  }
  const regions = list.accounts.get(target.accountId);
  if (target.region && regions && !regions.has(target.region)) {
    throw new AccountNotAllowedError(
      `Region ${target.region} of AWS account ${
        target.accountId
      } is not one this Backstage reads: agentMesh.accounts allows ${[
        ...regions,
      ].join(', ')}`,
    );
  }
}

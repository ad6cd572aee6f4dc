import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  Expression,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
  GetCostForecastCommand,
  GroupDefinition,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { AGENT_MESH_TAGS } from '@agent-mesh/plugin-agent-mesh-common';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from './awsClientFactory';

/** What one Cost Explorer fetch of a mesh holds: daily cost by service and by agent and lane, and the forecast. */
export interface CostBundle {
  currency: string;
  /** First day covered, `YYYY-MM-DD`. */
  start: string;
  /** Day after the last day covered, `YYYY-MM-DD`. */
  end: string;
  byService: Array<{ date: string; key: string; amount: number }>;
  byAgentLane: Array<{
    date: string;
    agent: string;
    lane: string;
    amount: number;
  }>;
  /** The forecast from today to the end of the month, when Cost Explorer has one. */
  forecast?: { start: string; end: string; amount: number };
}

/** Cost Explorer's tag group keys read `agent-mesh:agent$conductor`; an empty value means untagged. */
export const UNTAGGED = 'untagged';

/**
 * Reads a mesh's cost from Cost Explorer, filtered by the `agent-mesh:mesh` tag. Each call is charged,
 * so the caller caches the bundle for `agentMesh.cost.cacheTtl`.
 *
 * @public
 */
export interface CostExplorerService {
  /**
   * Daily cost since the first day of the month two months back, in three requests whatever the traffic:
   * GetCostAndUsage by SERVICE, GetCostAndUsage by the agent and lane tags, and GetCostForecast.
   */
  fetchCost(
    target: { accountId: string; meshId: string },
    now: Date,
    options?: {
      /** Called before each request is sent; throwing stops the fetch before that request. */
      beforeRequest?: () => void;
    },
  ): Promise<CostBundle>;
}

/** @public */
export class DefaultCostExplorerService implements CostExplorerService {
  static fromConfig(deps: { clients: AwsClientFactory }) {
    return new DefaultCostExplorerService(deps.clients);
  }

  private constructor(private readonly clients: AwsClientFactory) {}

  async fetchCost(
    target: { accountId: string; meshId: string },
    now: Date,
    options: { beforeRequest?: () => void } = {},
  ) {
    const client = await this.clients.costExplorer(target);
    const start = isoDate(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1),
    );
    const today = isoDate(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
    );
    const end = isoDate(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
    );
    const monthEnd = isoDate(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
    );
    const filter: Expression = {
      Tags: {
        Key: AGENT_MESH_TAGS.mesh,
        Values: [target.meshId],
        MatchOptions: ['EQUALS'],
      },
    };
    const query = async (groupBy: GroupDefinition[]) => {
      const results: ResultByTime[] = [];
      let token: string | undefined;
      do {
        const input: GetCostAndUsageCommandInput = {
          TimePeriod: { Start: start, End: end },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
          Filter: filter,
          GroupBy: groupBy,
          NextPageToken: token,
        };
        options.beforeRequest?.();
        const page = await client.send(new GetCostAndUsageCommand(input));
        results.push(...(page.ResultsByTime ?? []));
        token = page.NextPageToken;
      } while (token);
      return results;
    };
    const [services, agentLanes] = await Promise.all([
      query([{ Type: 'DIMENSION', Key: 'SERVICE' }]),
      query([
        { Type: 'TAG', Key: AGENT_MESH_TAGS.agent },
        { Type: 'TAG', Key: AGENT_MESH_TAGS.lane },
      ]),
    ]);
    let currency = 'USD';
    const byService: CostBundle['byService'] = [];
    for (const day of services) {
      for (const group of day.Groups ?? []) {
        const cost = group.Metrics?.UnblendedCost;
        currency = cost?.Unit ?? currency;
        byService.push({
          date: day.TimePeriod?.Start ?? '',
          key: group.Keys?.[0] ?? UNTAGGED,
          amount: Number(cost?.Amount ?? 0),
        });
      }
    }
    const byAgentLane: CostBundle['byAgentLane'] = [];
    for (const day of agentLanes) {
      for (const group of day.Groups ?? []) {
        byAgentLane.push({
          date: day.TimePeriod?.Start ?? '',
          agent: tagValue(group.Keys?.[0]),
          lane: tagValue(group.Keys?.[1]),
          amount: Number(group.Metrics?.UnblendedCost?.Amount ?? 0),
        });
      }
    }
    const bundle: CostBundle = { currency, start, end, byService, byAgentLane };
    try {
      options.beforeRequest?.();
      const forecast = await client.send(
        new GetCostForecastCommand({
          TimePeriod: { Start: today, End: monthEnd },
          Metric: 'UNBLENDED_COST',
          Granularity: 'MONTHLY',
          Filter: filter,
        }),
      );
      if (forecast.Total?.Amount !== undefined) {
        bundle.forecast = {
          start: today,
          end: monthEnd,
          amount: Number(forecast.Total.Amount),
        };
      }
    } catch (error) {
      // A young mesh has too little history to forecast; the actual cost is still worth showing.
      if ((error as Error).name !== 'DataUnavailableException') {
        throw error;
      }
    }
    return bundle;
  }
}

function tagValue(key: string | undefined): string {
  const value = key?.split('$').slice(1).join('$');
  return value ? value : UNTAGGED;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Reads cost; replace it to read cost another way (for example from a CUR table).
 *
 * @public
 */
export const costExplorerServiceRef = createServiceRef<CostExplorerService>({
  id: 'agent-mesh.cost-explorer',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { clients: awsClientFactoryServiceRef },
      factory: ({ clients }) =>
        DefaultCostExplorerService.fromConfig({ clients }),
    }),
});

import {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { MeshSummary, TIER_FACTS } from '@agent-mesh/plugin-agent-mesh-common';
import { AwsClientFactory } from '../aws/awsClientFactory';
import { MeshTarget } from '../aws/meshTarget';
import { SnapshotStore } from '../database/SnapshotStore';
import { WaitingRunRecovery } from './waitingRunRecovery';
import { ChangeWriter } from '../promotion/changeWriter';
import {
  approvalTopics,
  subscribeToApprovalRequests,
} from './approvalRequests';
import { KnexWaitingRunStore } from './KnexWaitingRunStore';
import { WaitingRunDecisions } from './waitingRunDecisions';
import { WaitingRunStore } from './WaitingRunStore';

/** What the waiting-runs routes use. */
export interface ApprovalServices {
  waitingRuns: WaitingRunStore;
  waitingRunDecisions: WaitingRunDecisions;
  /** After each mesh refresh: runs waiting at the gate whose queued request never arrived are found. */
  afterMeshRefresh(mesh: MeshSummary, target: MeshTarget): Promise<void>;
}

/**
 * Keeps the approval requests of the configured approvals queues (through the events service) and answers
 * them. The plugin's migrations, this table's included, have run by then (the snapshot store runs them).
 */
export async function createApprovals(deps: {
  config: RootConfigService;
  database: DatabaseService;
  events: EventsService;
  logger: LoggerService;
  clients: AwsClientFactory;
  store: SnapshotStore;
  writer: ChangeWriter;
}): Promise<ApprovalServices> {
  const waitingRuns = new KnexWaitingRunStore(await deps.database.getClient());
  await subscribeToApprovalRequests({
    events: deps.events,
    store: waitingRuns,
    logger: deps.logger,
    topics: approvalTopics(deps.config),
  });
  const recovery = new WaitingRunRecovery({ ...deps, waitingRuns });
  return {
    waitingRuns,
    afterMeshRefresh: async (mesh, target) => {
      // Only tiers with an approval gate have runs that wait (a mesh without a tier may have one).
      if (mesh.tier && !TIER_FACTS[mesh.tier].approvalGate) return;
      await recovery.recover(mesh.entityRef, target, Date.now());
    },
    waitingRunDecisions: new WaitingRunDecisions({
      store: waitingRuns,
      writer: deps.writer,
      clients: deps.clients,
    }),
  };
}

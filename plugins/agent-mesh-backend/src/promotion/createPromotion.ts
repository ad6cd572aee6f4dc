import {
  AuditorService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ArtifactsService } from '../aws/artifactsService';
import { EventBusService } from '../aws/eventBusService';
import { LaneWriter } from '../aws/laneWriter';
import { AgentMeshConfig } from '../config/agentMeshConfig';
import {
  createPromotionStores,
  PromotionStores,
} from '../database/promotionStores';
import { SnapshotStore } from '../database/SnapshotStore';
import { ChangeWriter } from './changeWriter';
import { GateService } from './gateService';
import { LaneChangeService } from './laneChangeService';
import { LaneView } from './laneView';
import { OutboxPublisher } from './outboxPublisher';
import { RequestDecisions } from './requestDecisions';
import { RequestExpiry } from './requestExpiry';

/** The scheduled task that expires promotion requests past their lifetime. */
export const EXPIRY_TASK_ID = 'agent-mesh:expire-promotion-requests';
/** The scheduled task that publishes bus events left in the outbox. */
export const OUTBOX_TASK_ID = 'agent-mesh:publish-outbox';

/** What the promotion routes use. */
export interface PromotionServices {
  stores: PromotionStores;
  gates: GateService;
  lanes: LaneView;
  laneChanges: LaneChangeService;
  decisions: RequestDecisions;
  expiry: RequestExpiry;
  outbox: OutboxPublisher;
  /** Audit event, history row and bus event of one change, written together (run decisions use it too). */
  writer: ChangeWriter;
}

/** Builds the promotion services on the plugin database and schedules their tasks (scope global). */
export async function createPromotion(deps: {
  config: AgentMeshConfig;
  database: DatabaseService;
  store: SnapshotStore;
  auditor: AuditorService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  logger: LoggerService;
  laneWriter: LaneWriter;
  eventBus: EventBusService;
  artifacts: ArtifactsService;
  now?: () => Date;
}): Promise<PromotionServices> {
  const now = deps.now ?? (() => new Date());
  const { config, logger } = deps;
  const stores = await createPromotionStores({ database: deps.database });
  const outbox = new OutboxPublisher({
    stores,
    eventBus: deps.eventBus,
    logger,
  });
  const writer = new ChangeWriter({
    auditor: deps.auditor,
    laneWriter: deps.laneWriter,
    stores,
    outbox,
    logger,
    now,
  });
  const gates = new GateService({
    store: deps.store,
    artifacts: deps.artifacts,
    config,
    now,
  });
  const lanes = new LaneView({ store: deps.store, stores });
  const expiry = new RequestExpiry({ stores, writer, logger, now });
  const services: PromotionServices = {
    stores,
    gates,
    lanes,
    expiry,
    outbox,
    writer,
    laneChanges: new LaneChangeService({
      config,
      stores,
      gates,
      lanes,
      writer,
      now,
    }),
    decisions: new RequestDecisions({
      config,
      permissions: deps.permissions,
      stores,
      gates,
      lanes,
      writer,
      expiry,
      now,
    }),
  };

  await deps.scheduler.scheduleTask({
    id: EXPIRY_TASK_ID,
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      await expiry.expireDue();
    },
  });
  await deps.scheduler.scheduleTask({
    id: OUTBOX_TASK_ID,
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    scope: 'global',
    fn: async () => {
      await outbox.publishPending();
      // Answers are kept for retries for a day.
      await stores.idempotency.deleteBefore(now().getTime() - 86_400_000);
    },
  });
  return services;
}

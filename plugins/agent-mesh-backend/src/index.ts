/**
 * The Agent Mesh backend plugin.
 *
 * @packageDocumentation
 */

export { agentMeshPlugin as default } from './plugin';
export {
  awsClientFactoryServiceRef,
  DefaultAwsClientFactory,
  type AwsClientFactory,
  type AwsTarget,
} from './aws/awsClientFactory';
export {
  stepFunctionsServiceRef,
  DefaultStepFunctionsService,
  type StepFunctionsService,
  type ExecutionRecord,
  type NewExecutionsQuery,
} from './aws/stepFunctionsService';
export {
  cloudWatchServiceRef,
  DefaultCloudWatchService,
  type CloudWatchService,
  type RunMetricsQuery,
} from './aws/cloudWatchService';
export {
  costExplorerServiceRef,
  DefaultCostExplorerService,
  type CostExplorerService,
  type CostBundle,
} from './aws/costExplorerService';
export {
  laneServiceRef,
  DefaultLaneService,
  type LaneService,
} from './aws/laneService';
export {
  laneWriterServiceRef,
  DefaultLaneWriter,
  LaneConflictError,
  type LaneWriter,
  type LaneWrite,
} from './aws/laneWriter';
export {
  eventBusServiceRef,
  DefaultEventBusService,
  type EventBusService,
  type PortalEvent,
  type PortalEventDetail,
} from './aws/eventBusService';
export {
  artifactsServiceRef,
  DefaultArtifactsService,
  type ArtifactsService,
} from './aws/artifactsService';

/**
 * The embedded default AWS for Agent Mesh: a loopback server answering, on their real wire protocols,
 * the AWS operations the plugins call, over a living demo account.
 *
 * @packageDocumentation
 */

export {
  localAwsModule as default,
  DEFAULT_LOCAL_AWS_PORT,
  DEFAULT_LOCAL_S3_PORT,
  DEFAULT_CATALOG_FILE,
} from './backendModule';
export {
  startLocalAws,
  operationsOf,
  type LocalAwsOptions,
  type RunningLocalAws,
} from './localAws';
export {
  startAwsJsonServer,
  AwsServiceError,
  CONTROL_TOKEN_HEADER,
  CONTROL_BODY_LIMIT_BYTES,
  type ControlHandler,
  type OperationHandler,
  type OperationTable,
  type RunningServer,
} from './server/awsJsonServer';
export { FaultInjector, type Fault } from './server/faultInjector';
export {
  SERVICES,
  type ServiceName,
  type ServiceWire,
} from './server/services';
export {
  startArtifactsServer,
  type ArtifactsServer,
} from './s3/artifactsServer';
export { evidenceObjects, type ArtifactObject } from './s3/demoArtifacts';
export { QueueStore } from './stores/queueStore';
export { type EventEnvelope, type EventRule } from './stores/eventRules';
export {
  readDemoMeshes,
  parseDemoMeshes,
  type MeshSpec,
} from './world/demoCatalog';
export { World, type WorldOptions, type AddMeshOptions } from './world/world';
export { AGENT_METRICS_NAMESPACE } from './world/meshRecorder';
export { COST_PAGE_GROUPS } from './services/costExplorer';
export { MAX_MESHES } from './control/controlInput';

/**
 * The embedded default AWS for Agent Mesh: a loopback server answering, on their real wire protocols,
 * the AWS operations the plugins call.
 *
 * @packageDocumentation
 */

export {
  localAwsModule as default,
  DEFAULT_LOCAL_AWS_PORT,
} from './backendModule';
export {
  startAwsJsonServer,
  AwsServiceError,
  type OperationHandler,
  type OperationTable,
  type RunningServer,
} from './server/awsJsonServer';

import { meshResourceNames } from '@agent-mesh/plugin-agent-mesh-common';

/** Where a mesh's AWS resources live. */
export interface MeshTarget {
  meshId: string;
  accountId: string;
  region: string;
}

/** The ARN of a mesh's orchestration state machine, from the naming convention (no lookup call). */
export function orchestrationStateMachineArn(target: MeshTarget): string {
  let partition = 'aws';
  if (target.region.startsWith('cn-')) partition = 'aws-cn';
  if (target.region.startsWith('us-gov-')) partition = 'aws-us-gov';
  return `arn:${partition}:states:${target.region}:${
    target.accountId
  }:stateMachine:${meshResourceNames(target.meshId).orchestrationStateMachine}`;
}

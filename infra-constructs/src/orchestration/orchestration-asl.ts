import { Tier, meshResourceNames } from '@agent-mesh/plugin-agent-mesh-common';
import { App } from 'aws-cdk-lib';
import { LargeMesh } from '../tiers/large-mesh';
import { MediumMesh } from '../tiers/medium-mesh';
import { MeshStack } from '../tiers/mesh-stack';
import { MeshStackProps } from '../tiers/mesh-stack-props';
import { SmallMesh } from '../tiers/small-mesh';
import { IntrinsicResolver, LocalAwsTarget } from './resolve-intrinsics';

/**
 * An Amazon States Language definition as plain JSON.
 *
 * @public
 */
export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, Record<string, unknown>>;
  readonly Comment?: string;
  readonly [key: string]: unknown;
}

/**
 * The state machines of a synthesized tier, resolved for local execution.
 *
 * @public
 */
export interface OrchestrationAsl {
  /** The conductor workflow, named `<prefix>-orchestration`. */
  readonly orchestration: {
    readonly name: string;
    readonly definition: AslDefinition;
  };
  /** The scheduled sweeper, named `<prefix>-sweeper`. */
  readonly sweeper: {
    readonly name: string;
    readonly definition: AslDefinition;
  };
}

/** The stack class of each tier. @public */
export const TIER_STACKS: Record<
  Tier,
  new (scope: App, id: string, props: MeshStackProps) => MeshStack
> = {
  small: SmallMesh,
  medium: MediumMesh,
  large: LargeMesh,
};

/**
 * Synthesizes `tier` for `props` and returns its workflow definitions with every CloudFormation
 * intrinsic resolved to `target`'s local values, ready for aws-local-stepfunctions or an emulator.
 *
 * @public
 */
export function synthesizeOrchestrationAsl(
  tier: Tier,
  props: MeshStackProps,
  target: LocalAwsTarget = {},
): OrchestrationAsl {
  const app = new App();
  const StackClass = TIER_STACKS[tier];
  const stack = new StackClass(app, `agent-mesh-${props.meshId}`, props);
  const template = app.synth().getStackArtifact(stack.artifactId).template as {
    Resources: Record<
      string,
      { Type: string; Properties?: Record<string, unknown> }
    >;
  };
  const resolver = new IntrinsicResolver(template, target);
  const names = meshResourceNames(props.meshId);
  const definitionOf = (name: string): AslDefinition => {
    const entry = Object.values(template.Resources).find(
      r =>
        r.Type === 'AWS::StepFunctions::StateMachine' &&
        r.Properties?.StateMachineName === name,
    );
    if (!entry)
      throw new Error(`The ${tier} tier has no state machine named ${name}`);
    const resolved = resolver.resolve(entry.Properties?.DefinitionString);
    return JSON.parse(String(resolved)) as AslDefinition;
  };
  return {
    orchestration: {
      name: names.orchestrationStateMachine,
      definition: definitionOf(names.orchestrationStateMachine),
    },
    sweeper: {
      name: names.sweeperStateMachine,
      definition: definitionOf(names.sweeperStateMachine),
    },
  };
}

import { Tier, meshResourceNames } from '@agent-mesh/mesh-model';
import { App } from 'aws-cdk-lib';
import { MeshStackProps } from '../tiers/mesh-stack-props';
import { TIER_STACKS } from '../tiers/tier-stacks';

/**
 * An Amazon States Language definition as plain JSON (a `DefinitionString` once CloudFormation has resolved it).
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
 * A resource of a synthesized CloudFormation template.
 *
 * @public
 */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/**
 * A state machine of a synthesized tier, as CloudFormation will create it.
 *
 * @public
 */
export interface SynthesizedStateMachine {
  /** The state machine's name, e.g. `agent-mesh-<meshId>-orchestration`. */
  readonly name: string;
  /** Its logical id in the template. */
  readonly logicalId: string;
  /**
   * Its `DefinitionString` property as synthesized: the ASL JSON text, joined (`Fn::Join`) with the references
   * (`Ref`, `Fn::GetAtt`, pseudo parameters) to the stack's resources that CloudFormation resolves at deploy time.
   */
  readonly definitionString: unknown;
}

/**
 * The workflows of a synthesized tier.
 *
 * @public
 */
export interface TierStateMachines {
  /** Every resource of the tier's template by logical id: what the definitions' references name. */
  readonly resources: Readonly<Record<string, TemplateResource>>;
  /** The conductor workflow, `<prefix>-orchestration`. */
  readonly orchestration: SynthesizedStateMachine;
  /** The scheduled sweeper, `<prefix>-sweeper`. */
  readonly sweeper: SynthesizedStateMachine;
}

/**
 * Synthesizes `tier` for `props` in a fresh app and returns its two state machines as CloudFormation will
 * create them, with the template's resources, so a tool can inspect the definitions or resolve their
 * references against known values.
 *
 * @public
 */
export function synthesizeTierStateMachines(
  tier: Tier,
  props: MeshStackProps,
): TierStateMachines {
  const app = new App();
  const stack = new TIER_STACKS[tier](app, `agent-mesh-${props.meshId}`, props);
  const template = app.synth().getStackArtifact(stack.artifactId).template as {
    Resources: Record<string, TemplateResource>;
  };
  const stateMachineNamed = (name: string): SynthesizedStateMachine => {
    const entry = Object.entries(template.Resources).find(
      ([, r]) =>
        r.Type === 'AWS::StepFunctions::StateMachine' &&
        r.Properties?.StateMachineName === name,
    );
    if (!entry) {
      throw new Error(`The ${tier} tier has no state machine named ${name}`);
    }
    const [logicalId, resource] = entry;
    return {
      name,
      logicalId,
      definitionString: resource.Properties?.DefinitionString,
    };
  };
  const names = meshResourceNames(props.meshId);
  return {
    resources: template.Resources,
    orchestration: stateMachineNamed(names.orchestrationStateMachine),
    sweeper: stateMachineNamed(names.sweeperStateMachine),
  };
}

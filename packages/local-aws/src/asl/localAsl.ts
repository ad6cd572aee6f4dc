import {
  AslDefinition,
  MeshStackProps,
  synthesizeTierStateMachines,
} from '@agent-mesh/infra-constructs';
import { Tier } from '@agent-mesh/plugin-agent-mesh-common';
import { IntrinsicResolver, LocalAwsTarget } from './resolveIntrinsics';

/** A workflow of a tier, ready to run locally. */
export interface LocalStateMachine {
  readonly name: string;
  readonly definition: AslDefinition;
}

/** The two workflows of a tier, resolved for local execution. */
export interface LocalTierAsl {
  /** The conductor workflow, named `<prefix>-orchestration`. */
  readonly orchestration: LocalStateMachine;
  /** The scheduled sweeper, named `<prefix>-sweeper`. */
  readonly sweeper: LocalStateMachine;
}

/**
 * Synthesizes `tier` for `props` and returns its workflow definitions with every CloudFormation intrinsic
 * resolved to `target`'s local values, ready for aws-local-stepfunctions: exactly what the tier deploys, with
 * local names, ARNs and URLs where CloudFormation would put the real ones.
 */
export function synthesizeLocalAsl(
  tier: Tier,
  props: MeshStackProps,
  target: LocalAwsTarget = {},
): LocalTierAsl {
  const machines = synthesizeTierStateMachines(tier, props);
  const resolver = new IntrinsicResolver(machines.resources, target);
  const resolved = (machine: {
    name: string;
    definitionString: unknown;
  }): LocalStateMachine => ({
    name: machine.name,
    definition: JSON.parse(
      String(resolver.resolve(machine.definitionString)),
    ) as AslDefinition,
  });
  return {
    orchestration: resolved(machines.orchestration),
    sweeper: resolved(machines.sweeper),
  };
}

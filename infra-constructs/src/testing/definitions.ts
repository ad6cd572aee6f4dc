import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** A state machine's Amazon States Language, as tests read it. */
export type StateMachineDefinition = {
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, any>;
};

/** The ASL of the state machine `name` in `template`, with every reference replaced by a placeholder. */
export function definitionOf(
  stack: Stack,
  template: Template,
  name: string,
): StateMachineDefinition {
  const [machine] = Object.values(
    template.findResources('AWS::StepFunctions::StateMachine', {
      Properties: { StateMachineName: name },
    }),
  );
  const text = (
    stack.resolve(machine.Properties.DefinitionString)[
      'Fn::Join'
    ][1] as unknown[]
  )
    .map(part => (typeof part === 'string' ? part : 'REF'))
    .join('');
  return JSON.parse(text);
}

import { synthesizeTierStateMachines } from './state-machine-definitions';
import { CONDUCTOR_STATES as S, executeStateName } from './state-names';

describe('synthesizeTierStateMachines', () => {
  // GIVEN a medium mesh WHEN its state machines are synthesized
  const medium = synthesizeTierStateMachines('medium', { meshId: 'demo' });

  it('names both workflows by convention and points at their resources', () => {
    expect(medium.orchestration.name).toBe('agent-mesh-demo-orchestration');
    expect(medium.sweeper.name).toBe('agent-mesh-demo-sweeper');
    for (const machine of [medium.orchestration, medium.sweeper]) {
      expect(medium.resources[machine.logicalId]).toMatchObject({
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: { StateMachineName: machine.name },
      });
    }
  });

  it("keeps the definition as CloudFormation gets it, with references to the stack's resources", () => {
    const definition = medium.orchestration.definitionString as {
      'Fn::Join': [string, unknown[]];
    };
    expect(definition['Fn::Join'][0]).toBe('');
    const parts = definition['Fn::Join'][1];
    const text = parts.filter(p => typeof p === 'string').join('');
    expect(text).toContain(`"${S.requestApproval}"`);
    expect(text).toContain(`"${executeStateName('execute')}"`);
    const references = parts.filter(p => typeof p !== 'string') as Array<{
      Ref?: string;
      'Fn::GetAtt'?: [string, string];
    }>;
    expect(references).toContainEqual({ Ref: 'AWS::Partition' });
    const referenced = references
      .map(r => r.Ref ?? r['Fn::GetAtt']?.[0])
      .filter((id): id is string => !!id && !id.startsWith('AWS::'));
    expect(referenced.length).toBeGreaterThan(0);
    for (const id of referenced) {
      expect(medium.resources).toHaveProperty(id);
    }
  });

  it('synthesizes the small tier without the approval gate', () => {
    const small = synthesizeTierStateMachines('small', { meshId: 'tiny' });
    expect(JSON.stringify(small.orchestration.definitionString)).not.toContain(
      S.requestApproval,
    );
    expect(small.sweeper.name).toBe('agent-mesh-tiny-sweeper');
  });

  it("tags the plan and review task definitions with the mesh, so their cost counts in the mesh's budget", () => {
    // GIVEN the medium tier's resources THEN the step task definitions carry the mesh tag, which RunTask's
    // PropagateTags: TASK_DEFINITION copies onto the tasks
    for (const family of [
      'agent-mesh-demo-conductor-plan',
      'agent-mesh-demo-critic-review',
    ]) {
      const definition = Object.values(medium.resources).find(
        r =>
          r.Type === 'AWS::ECS::TaskDefinition' &&
          r.Properties?.Family === family,
      );
      expect(definition?.Properties?.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'agent-mesh:mesh', Value: 'demo' },
          { Key: 'agent-mesh:agent', Value: family.split('-')[3] },
        ]),
      );
    }
  });
});

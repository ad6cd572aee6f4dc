import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { meshConfigJson } from '../__testUtils__/meshConfigFixtures';
import { createValidateMeshAction } from './validateMesh';

describe('agent-mesh:mesh:validate', () => {
  const workspace = createMockDirectory();
  const action = createValidateMeshAction();

  function run(config: string, input: Record<string, string> = {}) {
    workspace.setContent({ 'mesh.config.json': config });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input,
    });
    return { ctx, done: action.handler(ctx as any) };
  }

  it('outputs the mesh of a valid configuration', async () => {
    const { ctx, done } = run(
      meshConfigJson('medium', { initialLane: 'execute' }),
    );
    await done;
    expect(ctx.output).toHaveBeenCalledWith('meshId', 'medium-test');
    expect(ctx.output).toHaveBeenCalledWith('tier', 'medium');
    expect(ctx.output).toHaveBeenCalledWith('agents', [
      'conductor',
      'critic',
      'sweeper',
      'lambda-expert',
    ]);
  });

  it("fails with the tier stack's own error, naming every bad prop", async () => {
    const { ctx, done } = run(
      meshConfigJson('small', {
        meshId: 'Bad_Mesh',
        agents: ['conductor', 'lambda-expert'],
        monthlyBudgetUsd: -5,
        environment: 'qa',
      }),
    );
    await expect(done).rejects.toThrow(
      /Invalid small mesh props:\n {2}- meshId: "Bad_Mesh" is not a valid mesh id[\s\S]*- agents: must include the core agents conductor, critic, sweeper \(missing: critic, sweeper\)[\s\S]*- monthlyBudgetUsd: must be a number greater than 0 \(got -5\)[\s\S]*- environment: "qa" is not an environment/,
    );
    await expect(done).rejects.toMatchObject({ name: 'InputError' });
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a lane the tier does not have', async () => {
    const { done } = run(meshConfigJson('small', { initialLane: 'execute' }));
    await expect(done).rejects.toThrow(
      'initialLane: the small tier has only the lanes read_only, dry_run',
    );
  });

  it('refuses an unknown integration provider on the large tier', async () => {
    const { done } = run(meshConfigJson('large', { integrations: ['paypal'] }));
    await expect(done).rejects.toThrow(/providers: .*paypal/);
  });

  it('checks the account, region and shape the stack does not take', async () => {
    const { done } = run(
      meshConfigJson('small', {
        awsAccountId: '12345',
        region: 'eu west',
        agents: 'conductor',
        integrations: ['stripe'],
      }),
    );
    await expect(done).rejects.toThrow(
      /Invalid mesh.config.json:[\s\S]*agents: must be a list of agent names[\s\S]*awsAccountId: "12345" is not an AWS account id[\s\S]*region: "eu west" is not an AWS region name[\s\S]*integrations: the small tier has no webhook integrations/,
    );
  });

  it('says when the configuration is missing or not JSON', async () => {
    workspace.setContent({});
    const ctx = createMockActionContext({ workspacePath: workspace.path });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'Cannot read mesh.config.json; render the skeleton (fetch:template) before this step',
    );
    await expect(run('{ not json').done).rejects.toThrow(
      'mesh.config.json is not valid JSON',
    );
  });

  it('does not read outside the workspace', async () => {
    const { done } = run(meshConfigJson(), {
      configPath: '../mesh.config.json',
    });
    await expect(done).rejects.toThrow(/outside/);
  });

  it('refuses a configuration above the synthesis input limits before building the stack', async () => {
    // GIVEN more agents than agentMeshScaffolder.synth.maxAgents allows
    const agents = Array.from({ length: 40 }, (_, i) => `agent-${i}`);
    // WHEN it is validated, THEN the limit is named (not the constructs' rules)
    await expect(run(meshConfigJson('small', { agents })).done).rejects.toThrow(
      'The mesh configuration is too large to synthesize: it lists 40 agents, more than the 32 agentMeshScaffolder.synth.maxAgents allows',
    );
  });
});

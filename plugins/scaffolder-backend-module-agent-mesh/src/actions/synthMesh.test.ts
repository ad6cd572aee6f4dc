import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { DEFAULT_SYNTH_LIMITS } from '../config/agentMeshScaffolderConfig';
import { parseMeshConfig } from '../mesh/meshConfig';
import {
  checkSynthesisInput,
  synthesisWorkerStats,
} from '../mesh/synthesisWorker';
import { meshConfigJson } from '../__testUtils__/meshConfigFixtures';
import { createSynthMeshAction } from './synthMesh';

jest.setTimeout(60_000);

describe('agent-mesh:cdk:synth', () => {
  const workspace = createMockDirectory();
  const temp = createMockDirectory();
  const action = createSynthMeshAction();

  function context(config: string) {
    workspace.setContent({ 'mesh.config.json': config });
    return createMockActionContext({
      workspacePath: workspace.path,
      createTemporaryDirectory: async () => temp.path,
    });
  }

  function outputs(ctx: ReturnType<typeof context>) {
    return Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
  }

  it('synthesizes the tier with cdk-nag and outputs resource counts and nag results', async () => {
    const ctx = context(meshConfigJson('small'));
    await action.handler(ctx as any);
    const out = outputs(ctx);
    expect(out.stackName).toBe('agent-mesh-small-test');
    expect(out.resourceCounts['AWS::StepFunctions::StateMachine']).toBe(2);
    expect(out.resourceCounts['AWS::DynamoDB::Table']).toBe(1);
    // four agents, two lanes each, plus the plan and review step task definitions
    expect(out.resourceCounts['AWS::ECS::TaskDefinition']).toBe(10);
    expect(out.resourceCount).toBe(
      Object.values(out.resourceCounts as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      ),
    );
    expect(out.nagErrors).toBe(0);
    expect(out.nagFindings).toEqual([]);
    expect(out.nagAcknowledged).toBeGreaterThan(10);
    expect(out.markdown).toContain('| AWS::StepFunctions::StateMachine | 2 |');
  });

  it("fails with the construct's own error on bad configuration", async () => {
    const ctx = context(meshConfigJson('medium', { agents: [] }));
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'Invalid medium mesh props:\n  - agents: must list at least one agent',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('outputs the cdk-nag findings, then fails, when a nag error is not acknowledged', async () => {
    // GIVEN a stack with an unencrypted queue without a dead-letter queue added to it (in the worker)
    const withNakedQueue = createSynthMeshAction({
      extendStackModule: require.resolve('../__testUtils__/nakedQueue'),
    });
    const ctx = context(meshConfigJson('small'));

    // WHEN it is synthesized, THEN the task fails naming the synthesis failure
    await expect(withNakedQueue.handler(ctx as any)).rejects.toThrow(
      /Synthesis of agent-mesh-small-test failed/,
    );
    // AND the findings were output first
    const out = outputs(ctx);
    expect(out.nagErrors).toBeGreaterThan(0);
    const rules = (
      out.nagFindings as { rule: string; constructs: string[] }[]
    ).map(f => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3']));
    expect(JSON.stringify(out.nagFindings)).toContain('NakedQueue');
    expect(out.markdown).toContain('| AwsSolutions-SQS3 | error |');
  });

  describe('in its worker thread', () => {
    it('keeps the event loop free while a large mesh synthesizes', async () => {
      // GIVEN a large mesh with every agent the form offers, and a timer ticking on the backend's event loop
      const ctx = context(
        meshConfigJson('large', {
          agents: [
            'conductor',
            'critic',
            'sweeper',
            'cloudfront-expert',
            'lambda-expert',
            's3-expert',
            'dynamodb-expert',
          ],
        }),
      );
      let ticks = 0;
      const ticker = setInterval(() => {
        ticks += 1;
      }, 5);
      const before = synthesisWorkerStats();
      try {
        // WHEN the action synthesizes it
        await action.handler(ctx as any);
      } finally {
        clearInterval(ticker);
      }
      // THEN it synthesized in one worker, which is gone, and the timer kept ticking meanwhile
      expect(outputs(ctx).stackName).toBe('agent-mesh-large-test');
      expect(synthesisWorkerStats()).toEqual({
        started: before.started + 1,
        running: 0,
      });
      // An in-thread synthesis blocks the loop for its whole length (seconds): no tick could run during it.
      expect(ticks).toBeGreaterThanOrEqual(20);
    });

    it('stops the worker and fails with a clear error when the synthesis takes longer than the timeout', async () => {
      // GIVEN a timeout shorter than any synthesis
      const hasty = createSynthMeshAction({
        limits: { ...DEFAULT_SYNTH_LIMITS, timeoutMs: 50 },
      });
      const ctx = context(meshConfigJson('small'));
      const before = synthesisWorkerStats();
      // WHEN it runs, THEN it fails naming the limit, after the worker started, and the worker is gone
      await expect(hasty.handler(ctx as any)).rejects.toThrow(
        'Synthesis of mesh small-test (small) did not finish within 0.05 s (agentMeshScaffolder.synth.timeout); its worker was stopped',
      );
      expect(synthesisWorkerStats()).toEqual({
        started: before.started + 1,
        running: 0,
      });
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('stops the worker and fails with a clear error when the synthesis exceeds its memory limit', async () => {
      // GIVEN a heap limit too small to load the CDK
      const cramped = createSynthMeshAction({
        limits: { ...DEFAULT_SYNTH_LIMITS, maxOldGenerationSizeMb: 16 },
      });
      const ctx = context(meshConfigJson('small'));
      // WHEN it runs, THEN it fails naming the limit, and the worker is gone
      await expect(cramped.handler(ctx as any)).rejects.toThrow(
        'Synthesis of mesh small-test (small) ran out of memory (agentMeshScaffolder.synth.maxOldGenerationSizeMb is 16); its worker was stopped',
      );
      expect(synthesisWorkerStats().running).toBe(0);
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('refuses a configuration with too many agents before a worker starts', async () => {
      // GIVEN a mesh listing more agents than agentMeshScaffolder.synth.maxAgents
      const agents = [
        'conductor',
        'critic',
        'sweeper',
        ...Array.from(
          { length: DEFAULT_SYNTH_LIMITS.maxAgents },
          (_, i) => `agent-${i}`,
        ),
      ];
      const ctx = context(meshConfigJson('small', { agents }));
      const before = synthesisWorkerStats();
      // WHEN it runs, THEN it fails naming the limit, and no worker was started
      await expect(action.handler(ctx as any)).rejects.toThrow(
        `The mesh configuration is too large to synthesize: it lists ${agents.length} agents, more than the ${DEFAULT_SYNTH_LIMITS.maxAgents} agentMeshScaffolder.synth.maxAgents allows`,
      );
      expect(synthesisWorkerStats()).toEqual(before);
    });

    it('refuses a configuration larger than maxConfigBytes before a worker starts', async () => {
      const small = createSynthMeshAction({
        limits: { ...DEFAULT_SYNTH_LIMITS, maxConfigBytes: 100 },
      });
      const ctx = context(meshConfigJson('small'));
      const before = synthesisWorkerStats();
      await expect(small.handler(ctx as any)).rejects.toThrow(
        /mesh.config.json is \d+ bytes, more than the 100 agentMeshScaffolder.synth.maxConfigBytes allows/,
      );
      expect(synthesisWorkerStats()).toEqual(before);
    });

    it('checks the parsed configuration against every input limit, naming each that is exceeded', () => {
      // GIVEN a parsed configuration with more secrets and JSON than the limits allow
      const config = parseMeshConfig(
        JSON.parse(
          meshConfigJson('small', {
            secrets: Array.from({ length: 3 }, (_, i) => ({
              name: `secret-${i}`,
              lanes: ['read_only'],
            })),
          }),
        ),
      );
      const limits = {
        ...DEFAULT_SYNTH_LIMITS,
        maxSecrets: 2,
        maxConfigBytes: 200,
      };
      // THEN it is refused with both reasons; within the limits it passes
      expect(() => checkSynthesisInput(config, limits)).toThrow(
        /it declares 3 secrets, more than the 2 agentMeshScaffolder.synth.maxSecrets allows; it is \d+ bytes of JSON, more than the 200 agentMeshScaffolder.synth.maxConfigBytes allows/,
      );
      expect(() => checkSynthesisInput(config)).not.toThrow();
    });

    it('refuses a result larger than maxOutputBytes', async () => {
      const tiny = createSynthMeshAction({
        limits: { ...DEFAULT_SYNTH_LIMITS, maxOutputBytes: 100 },
      });
      const ctx = context(meshConfigJson('small'));
      await expect(tiny.handler(ctx as any)).rejects.toThrow(
        /The synthesis result is \d+ bytes, more than the 100 agentMeshScaffolder.synth.maxOutputBytes allows/,
      );
      expect(synthesisWorkerStats().running).toBe(0);
      expect(ctx.output).not.toHaveBeenCalled();
    });
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { AgentBus } from '../bus/agent-bus';
import { AgentCompute } from '../compute/agent-compute';
import { LargeMesh } from '../tiers/large-mesh';
import { MediumMesh } from '../tiers/medium-mesh';
import { SmallMesh } from '../tiers/small-mesh';
import { addOrchestration, meshFixture } from '../testing/mesh-fixture';

describe('constructor props validation', () => {
  const app = () => new App();

  it('refuses an empty agent list, naming the prop', () => {
    expect(
      () => new MediumMesh(app(), 'M', { meshId: 'billing', agents: [] }),
    ).toThrow(/agents: must list at least one agent/);
  });

  it('refuses an invalid mesh name, saying what is allowed', () => {
    expect(() => new SmallMesh(app(), 'S', { meshId: 'Billing_Prod' })).toThrow(
      /meshId: "Billing_Prod" is not a valid mesh id; use 3-32 lowercase letters/,
    );
  });

  it.each([0, -5])('refuses a budget of %p', budget => {
    expect(
      () =>
        new SmallMesh(app(), 'S', {
          meshId: 'billing',
          monthlyBudgetUsd: budget,
        }),
    ).toThrow(/monthlyBudgetUsd: must be a number greater than 0/);
  });

  it('refuses an unknown lane, listing the allowed ones', () => {
    expect(
      () =>
        new MediumMesh(app(), 'M', {
          meshId: 'billing',
          initialLane: 'admin' as any,
        }),
    ).toThrow(
      /initialLane: unknown lane "admin"; allowed lanes are read_only, dry_run, execute/,
    );
  });

  it('refuses a lane the tier does not have', () => {
    expect(
      () =>
        new SmallMesh(app(), 'S', {
          meshId: 'billing',
          initialLane: 'execute',
        }),
    ).toThrow(
      /initialLane: the small tier has only the lanes read_only, dry_run/,
    );
  });

  it('collects every error before throwing', () => {
    let message = '';
    try {
      new LargeMesh(app(), 'L', {
        meshId: 'X',
        agents: ['conductor', 'Bad Name'],
        monthlyBudgetUsd: -1,
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid large mesh props:/);
    expect(message).toContain('meshId:');
    expect(message).toContain('agents: "Bad Name" is not a valid agent name');
    expect(message).toContain(
      'agents: must include the core agents conductor, critic, sweeper (missing: critic, sweeper)',
    );
    expect(message).toContain('monthlyBudgetUsd:');
  });

  it('refuses unknown lanes on the constructs too', () => {
    const stack = new Stack(app(), 'S');
    const bus = new AgentBus(stack, 'Bus', { meshId: 'billing' });
    expect(
      () =>
        new AgentCompute(stack, 'C', {
          meshId: 'billing',
          bus,
          agents: ['conductor', 'critic'],
          lanes: ['yolo' as any],
        }),
    ).toThrow(/lanes: unknown lane "yolo"/);
    const fixture = meshFixture({ meshId: 'billing', stackName: 'O' });
    expect(() =>
      addOrchestration(fixture, {
        initialLanes: { critic: 'root' as any, ghost: 'read_only' },
      }),
    ).toThrow(
      /initialLanes: gives "critic" the unknown lane "root"[\s\S]*initialLanes: names "ghost"/,
    );
  });
});

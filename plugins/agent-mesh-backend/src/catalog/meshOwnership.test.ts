import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { StepFunctionsService } from '../aws/stepFunctionsService';
import { AGENT_MESH_TAGS } from '@agent-mesh/plugin-agent-mesh-common';
import { MeshOwnership, ownershipProblem } from './meshOwnership';

const TARGET = {
  meshId: 'billing-dev',
  accountId: '123456789012',
  region: 'eu-west-1',
};
const ENTITY = 'system:default/billing-dev';

function ownershipOver(tags: () => Promise<Record<string, string>>) {
  const stateMachineTags = jest.fn(tags);
  const stored = new Map<string, unknown>();
  const cache = mockServices.cache.mock({
    get: jest.fn(async (key: string) => stored.get(key)) as any,
    set: jest.fn(async (key: string, value: unknown) => {
      stored.set(key, value);
    }) as any,
  });
  const ownership = new MeshOwnership({
    stepFunctions: { stateMachineTags } as unknown as StepFunctionsService,
    cache,
  });
  return { ownership, stateMachineTags, cache };
}

describe('MeshOwnership', () => {
  it('GIVEN the mesh tag and this entity tag WHEN verified THEN it passes, and the tags are read once', async () => {
    const { ownership, stateMachineTags, cache } = ownershipOver(async () => ({
      'agent-mesh:mesh': 'billing-dev',
      [AGENT_MESH_TAGS.entity]: 'System:default/Billing-Dev',
    }));
    await ownership.verify(TARGET, ENTITY);
    await ownership.verify(TARGET, ENTITY);
    expect(stateMachineTags).toHaveBeenCalledTimes(1);
    expect(stateMachineTags).toHaveBeenCalledWith(
      TARGET,
      'arn:aws:states:eu-west-1:123456789012:stateMachine:agent-mesh-billing-dev-orchestration',
    );
    expect(cache.set).toHaveBeenCalledWith(
      'mesh-tags:123456789012:eu-west-1:billing-dev',
      expect.any(Object),
      { ttl: { hours: 1 } },
    );
  });

  it('GIVEN another entity owns the mesh WHEN verified THEN it is refused with a 403 naming the owner', async () => {
    const { ownership } = ownershipOver(async () => ({
      'agent-mesh:mesh': 'billing-dev',
      [AGENT_MESH_TAGS.entity]: 'system:default/payments',
    }));
    const refusal = ownership.verify(TARGET, ENTITY);
    await expect(refusal).rejects.toBeInstanceOf(NotAllowedError);
    await expect(refusal).rejects.toThrow(
      'belongs to catalog entity system:default/payments',
    );
  });

  it('GIVEN the tags cannot be read WHEN verified twice THEN the failure is not kept and the tags are asked again', async () => {
    const notDeployed = Object.assign(new Error('State machine not found'), {
      name: 'StateMachineDoesNotExist',
    });
    const { ownership, stateMachineTags } = ownershipOver(async () => {
      throw notDeployed;
    });
    await expect(ownership.verify(TARGET, ENTITY)).rejects.toBe(notDeployed);
    await expect(ownership.verify(TARGET, ENTITY)).rejects.toBe(notDeployed);
    expect(stateMachineTags).toHaveBeenCalledTimes(2);
  });

  it('GIVEN no state machine of that name WHEN verified THEN a 404 says the mesh is not deployed, naming where it looked', async () => {
    const { ownership } = ownershipOver(async () => {
      throw Object.assign(new Error('Resource not found'), {
        name: 'ResourceNotFound',
      });
    });
    const refusal = ownership.verify(TARGET, ENTITY);
    await expect(refusal).rejects.toBeInstanceOf(NotFoundError);
    await expect(refusal).rejects.toThrow(
      'Mesh billing-dev is not deployed in account 123456789012 (eu-west-1): there is no state machine agent-mesh-billing-dev-orchestration.',
    );
  });
});

describe('ownershipProblem', () => {
  it('accepts a mesh without the entity tag (deployed before templates wrote it)', () => {
    expect(
      ownershipProblem({ 'agent-mesh:mesh': 'billing-dev' }, TARGET, ENTITY),
    ).toBeUndefined();
  });

  it('refuses a state machine tagged for another mesh id', () => {
    expect(
      ownershipProblem({ 'agent-mesh:mesh': 'billing' }, TARGET, ENTITY),
    ).toBe(
      'The state machine agent-mesh-billing-dev-orchestration in account 123456789012 (eu-west-1) belongs to mesh billing (tag agent-mesh:mesh), not billing-dev; system:default/billing-dev is not trusted for it',
    );
  });

  it('refuses a state machine without the mesh tag', () => {
    expect(ownershipProblem({}, TARGET, ENTITY)).toMatch(
      /has no agent-mesh:mesh tag, so it is no agent mesh deployed by @agent-mesh\/infra-constructs/,
    );
  });
});

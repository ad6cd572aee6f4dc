import { AgentMeshApi } from '../api';

/**
 * A typed mock of the API. Methods a test does not implement reject, so an unexpected call shows up as a
 * rendered error instead of passing silently.
 */
export function mockAgentMeshApi(
  implementation: Partial<AgentMeshApi> = {},
): jest.Mocked<AgentMeshApi> {
  const unexpected = (method: string) =>
    jest.fn(async () => {
      throw new Error(`unexpected call to ${method}`);
    });
  return {
    listMeshes: jest.fn(implementation.listMeshes ?? unexpected('listMeshes')),
    getMeshSnapshot: jest.fn(
      implementation.getMeshSnapshot ?? unexpected('getMeshSnapshot'),
    ),
    listRuns: jest.fn(implementation.listRuns ?? unexpected('listRuns')),
    getRun: jest.fn(implementation.getRun ?? unexpected('getRun')),
    getCost: jest.fn(implementation.getCost ?? unexpected('getCost')),
  } as jest.Mocked<AgentMeshApi>;
}

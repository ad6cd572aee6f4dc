import { AgentMeshApi } from '../api';

/** Every method of the API: the compiler fails here when the interface gains one this mock lacks. */
const METHODS: Record<keyof AgentMeshApi, true> = {
  listMeshes: true,
  getMeshSnapshot: true,
  listRuns: true,
  getRun: true,
  getCost: true,
  listLanes: true,
  getPromotionGates: true,
  promoteAgent: true,
  demoteAgent: true,
  listPromotionRequests: true,
  approvePromotionRequest: true,
  rejectPromotionRequest: true,
  listWaitingRuns: true,
  approveWaitingRun: true,
  rejectWaitingRun: true,
  listHistory: true,
};

/**
 * A typed mock of the API. Methods a test does not implement reject, so an unexpected call shows up as a
 * rendered error instead of passing silently.
 */
export function mockAgentMeshApi(
  implementation: Partial<AgentMeshApi> = {},
): jest.Mocked<AgentMeshApi> {
  const mock: Partial<Record<keyof AgentMeshApi, jest.Mock>> = {};
  for (const method of Object.keys(METHODS) as Array<keyof AgentMeshApi>) {
    mock[method] = jest.fn(
      (implementation[method] as (...args: unknown[]) => unknown) ??
        (async () => {
          throw new Error(`unexpected call to ${method}`);
        }),
    );
  }
  return mock as jest.Mocked<AgentMeshApi>;
}

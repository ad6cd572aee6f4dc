import { MockFetchApi, mockApis } from '@backstage/test-utils';
import { AgentMeshClient } from '../api';

/**
 * The real client against `baseUrl` (answered by msw in the test), sending as a signed-in user: the token
 * only reaches the backend if the client sends through this fetchApi.
 */
export function testClient(baseUrl: string) {
  const discoveryApi = mockApis.discovery.mock({
    getBaseUrl: async () => baseUrl,
  });
  const fetchApi = new MockFetchApi({
    injectIdentityAuth: { token: 'user-token' },
  });
  return {
    discoveryApi,
    client: new AgentMeshClient({ discoveryApi, fetchApi }),
  };
}

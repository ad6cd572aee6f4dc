import { ListMeshesResponse } from '@agent-mesh/plugin-agent-mesh-common';
import { ResponseError } from '@backstage/errors';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AgentMeshClient } from './AgentMeshClient';

const baseUrl = 'http://backstage.test/api/agent-mesh';

const meshes: ListMeshesResponse = {
  items: [
    {
      entityRef: 'system:default/billing-dev',
      name: 'billing-dev',
      meshId: 'billing-dev',
      tier: 'small',
      awsAccount: '123456789012',
      region: 'eu-west-1',
      agents: [{ entityRef: 'component:default/conductor', name: 'conductor' }],
    },
  ],
};

describe('AgentMeshClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function makeClient() {
    const discoveryApi = mockApis.discovery.mock({
      getBaseUrl: async () => baseUrl,
    });
    // The token only reaches the backend if the client sends through this fetchApi.
    const fetchApi = new MockFetchApi({
      injectIdentityAuth: { token: 'user-token' },
    });
    return {
      discoveryApi,
      client: new AgentMeshClient({ discoveryApi, fetchApi }),
    };
  }

  it('lists meshes from <baseUrl>/meshes through the given fetchApi', async () => {
    server.use(
      http.get(`${baseUrl}/meshes`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer user-token'
          ? HttpResponse.json(meshes)
          : HttpResponse.json(
              {
                error: { name: 'AuthenticationError', message: 'no token' },
                response: { statusCode: 401 },
              },
              { status: 401 },
            ),
      ),
    );
    const { client, discoveryApi } = makeClient();

    await expect(client.listMeshes()).resolves.toEqual(meshes);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('agent-mesh');
  });

  it('throws a ResponseError with the status and the backend message on a non-OK answer', async () => {
    server.use(
      http.get(`${baseUrl}/meshes`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'not allowed to read meshes',
            },
            response: { statusCode: 403 },
          },
          { status: 403, statusText: 'Forbidden' },
        ),
      ),
    );
    const { client } = makeClient();

    const error = await client.listMeshes().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ResponseError);
    const responseError = error as ResponseError;
    expect(responseError.statusCode).toBe(403);
    expect(responseError.message).toBe('Request failed with 403 Forbidden');
    expect(responseError.cause).toMatchObject({
      name: 'NotAllowedError',
      message: 'not allowed to read meshes',
    });
  });

  it('keeps a non-JSON error body in the ResponseError', async () => {
    server.use(
      http.get(
        `${baseUrl}/meshes`,
        () => new HttpResponse('upstream down', { status: 502 }),
      ),
    );
    const { client } = makeClient();

    await expect(client.listMeshes()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 502,
      cause: { message: expect.stringContaining('upstream down') },
    });
  });
});

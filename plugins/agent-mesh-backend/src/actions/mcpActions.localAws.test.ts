import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { RunningLocalAws } from 'local-aws';
import { AddressInfo } from 'node:net';
import { agentMeshPlugin } from '../plugin';
import { refreshTrigger } from '../__testUtils__/refreshTrigger';
import {
  demoCatalogEntities,
  endpointsConfig,
  startDemoAws,
} from '../__testUtils__/localAwsWorld';

/**
 * The actions an agent reaches through Backstage's MCP actions backend, called as an MCP client would:
 * JSON-RPC over the streamable HTTP transport at /api/mcp-actions/v1, against the demo world in local-aws.
 */
describe('Agent Mesh actions over MCP', () => {
  let aws: RunningLocalAws;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let mcpUrl: string;
  const trigger = refreshTrigger();

  beforeAll(async () => {
    aws = await startDemoAws({
      now: Math.floor(Date.now() / 60_000) * 60_000,
      historyDays: 2,
    });
    backend = await startTestBackend({
      features: [
        agentMeshPlugin,
        mcpActionsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...endpointsConfig(aws.url, aws.s3Url),
            backend: { actions: { pluginSources: ['agent-mesh'] } },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({ entities: demoCatalogEntities() }),
        trigger.module,
      ],
    });
    await trigger.refresh();
    const { port } = backend.server.address() as AddressInfo;
    mcpUrl = `http://127.0.0.1:${port}/api/mcp-actions/v1`;
  }, 90_000);

  afterAll(async () => {
    await backend?.stop();
    await aws?.close();
  });

  /** One JSON-RPC call; the transport answers as an event stream or as JSON. */
  async function rpc(
    authorization: string,
    method: string,
    params: Record<string, unknown>,
  ): Promise<any> {
    const response = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const data = text
      .split('\n')
      .find(line => line.startsWith('data:'))
      ?.slice(5);
    return JSON.parse(data ?? text);
  }

  async function callTool(
    authorization: string,
    name: string,
    args: Record<string, unknown>,
  ) {
    const answer = await rpc(authorization, 'tools/call', {
      name,
      arguments: args,
    });
    const text = answer.result?.content?.[0]?.text ?? '';
    return { isError: Boolean(answer.result?.isError), text };
  }

  const user = mockCredentials.user.header();

  it('lists the two actions, the status one read-only and the request one destructive', async () => {
    const answer = await rpc(user, 'tools/list', {});
    const tools = Object.fromEntries(
      answer.result.tools.map((tool: any) => [tool.name, tool]),
    );
    expect(tools['agent-mesh.get-mesh-status'].annotations).toMatchObject({
      readOnlyHint: true,
    });
    expect(tools['agent-mesh.request-promotion'].annotations).toMatchObject({
      destructiveHint: true,
    });
  });

  it('reads a mesh’s status with every agent’s lane and version', async () => {
    const { isError, text } = await callTool(
      user,
      'agent-mesh.get-mesh-status',
      {
        name: 'billing-staging',
      },
    );
    expect(isError).toBe(false);
    const status = JSON.parse(text);
    expect(status).toMatchObject({
      entityRef: 'system:default/billing-staging',
      meshId: 'billing-staging',
    });
    expect(status.agents.map((a: any) => a.name)).toEqual(
      expect.arrayContaining(['conductor', 'critic', 'lambda-expert']),
    );
    expect(status.agents[0]).toMatchObject({
      lane: expect.stringMatching(/^(read_only|dry_run|execute)$/),
      version: expect.any(Number),
    });
  });

  it('lets an agent request a promotion, which waits for a person and changes no lane', async () => {
    const status = JSON.parse(
      (
        await callTool(user, 'agent-mesh.get-mesh-status', {
          name: 'billing-staging',
        })
      ).text,
    );
    const lambda = status.agents.find((a: any) => a.name === 'lambda-expert');
    const agent = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('agent-mesh-billing-staging-agents'),
      targetPluginId: 'mcp-actions',
    });

    const answer = await callTool(agent, 'agent-mesh.request-promotion', {
      name: 'billing-staging',
      agent: 'lambda-expert',
      from: lambda.lane,
      expectedVersion: lambda.version,
      reason: 'two weeks of clean dry runs',
    });
    expect(answer.isError).toBe(false);
    expect(JSON.parse(answer.text)).toMatchObject({
      status: 'pending',
      from: lambda.lane,
      requestId: expect.any(String),
    });

    const after = JSON.parse(
      (
        await callTool(user, 'agent-mesh.get-mesh-status', {
          name: 'billing-staging',
        })
      ).text,
    );
    expect(
      after.agents.find((a: any) => a.name === 'lambda-expert'),
    ).toMatchObject({ lane: lambda.lane, version: lambda.version });
  });

  it('names the field and what is allowed when the input is wrong, and changes nothing', async () => {
    const answer = await callTool(user, 'agent-mesh.request-promotion', {
      name: 'billing-staging',
      agent: 'lambda-expert',
      from: 'admin',
      expectedVersion: 0,
    });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/from/);
  });
});

import { ConfigReader } from '@backstage/config';
import { approvalTopics, parseApprovalRequest } from './approvalRequests';

const NOW = Date.parse('2026-12-01T10:00:00Z');

function approvalEvent(detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'agent-mesh.approval.requested',
    source: 'agent-mesh.orchestration',
    account: '222222222222',
    time: '2026-12-01T09:59:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {
      taskToken: 'AQB-token',
      meshId: 'billing-staging',
      agent: 'lambda-expert',
      lane: 'execute',
      executionId:
        'arn:aws:states:eu-west-1:222222222222:execution:agent-mesh-billing-staging-orchestration:run-1',
      executionName: 'run-1',
      review: { verdict: 'approved' },
      expiresInSeconds: 3600,
      ...detail,
    },
  };
}

describe('parseApprovalRequest', () => {
  it('reads the run, its token and its expiry from the event the rule delivers', () => {
    expect(parseApprovalRequest(approvalEvent(), NOW)).toEqual({
      run: {
        mesh: { accountId: '222222222222', meshId: 'billing-staging' },
        executionName: 'run-1',
        executionArn: expect.stringContaining(':execution:'),
        agent: 'lambda-expert',
        lane: 'execute',
        verdict: 'approved',
        taskToken: 'AQB-token',
        requestedAt: Date.parse('2026-12-01T09:59:00Z'),
        expiresAt: Date.parse('2026-12-01T10:59:00Z'),
        status: 'waiting',
      },
    });
  });

  it('ignores other events and requests missing a field, naming what is missing', () => {
    expect(
      parseApprovalRequest(
        { ...approvalEvent(), source: 'agent-mesh.portal' },
        NOW,
      ),
    ).toEqual({ ignored: expect.stringContaining('agent-mesh.portal') });
    expect(
      parseApprovalRequest(
        approvalEvent({ taskToken: undefined, agent: '' }),
        NOW,
      ),
    ).toEqual({ ignored: 'approval request without taskToken, agent' });
    expect(parseApprovalRequest('text', NOW)).toEqual({
      ignored: 'not an object',
    });
  });
});

describe('approvalTopics', () => {
  it('takes the SQS topics named for approvals and the listed ones, once each', () => {
    const config = new ConfigReader({
      events: {
        modules: {
          awsSqs: {
            awsSqsConsumingEventPublisher: {
              topics: {
                'agent-mesh-approvals-billing': { queue: {} },
                'catalog.changes': { queue: {} },
              },
            },
          },
        },
      },
      agentMesh: {
        approvals: {
          topics: ['agent-mesh-approvals-billing', 'my-approvals'],
        },
      },
    });
    expect(approvalTopics(config)).toEqual([
      'agent-mesh-approvals-billing',
      'my-approvals',
    ]);
  });
});

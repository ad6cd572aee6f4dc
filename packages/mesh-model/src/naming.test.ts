import {
  agentEvidencePrefix,
  AGENT_NAME_PATTERN,
  artifactsBucketName,
  laneItemKey,
  executionName,
  MESH_ID_PATTERN,
  meshResourceNames,
  parseExecutionName,
} from './naming';

describe('naming', () => {
  it.each(['billing-dev', 'abc', 'a1-b2-c3', 'a'.repeat(32)])(
    'accepts mesh id %p',
    id => expect(MESH_ID_PATTERN.test(id)).toBe(true),
  );

  it.each([
    'ab',
    'a'.repeat(33),
    'Billing',
    '1mesh',
    'mesh-',
    'me--sh',
    'mesh_dev',
    'mesh dev',
    '../etc',
    'mesh\n',
  ])('refuses mesh id %p', id => expect(MESH_ID_PATTERN.test(id)).toBe(false));

  it('bounds agent names to 24 characters', () => {
    expect(AGENT_NAME_PATTERN.test('lambda-expert')).toBe(true);
    expect(AGENT_NAME_PATTERN.test('a'.repeat(24))).toBe(true);
    expect(AGENT_NAME_PATTERN.test('a'.repeat(25))).toBe(false);
  });

  it('derives every resource name from the mesh id', () => {
    expect(meshResourceNames('billing-dev')).toEqual({
      prefix: 'agent-mesh-billing-dev',
      kvTable: 'agent-mesh-billing-dev-kv',
      eventBus: 'agent-mesh-billing-dev',
      subtaskQueue: 'agent-mesh-billing-dev-subtasks',
      approvalQueue: 'agent-mesh-billing-dev-approvals',
      orchestrationStateMachine: 'agent-mesh-billing-dev-orchestration',
      sweeperStateMachine: 'agent-mesh-billing-dev-sweeper',
      alarmPrefix: 'agent-mesh-billing-dev-',
      dashboard: 'agent-mesh-billing-dev',
    });
  });

  it('names the artifacts bucket with the account, within S3’s 63 characters for the longest mesh id', () => {
    expect(artifactsBucketName('billing-dev', '111111111111')).toBe(
      'agent-mesh-billing-dev-art-111111111111',
    );
    const longest = artifactsBucketName('a'.repeat(32), '123456789012');
    expect(longest.length).toBeLessThanOrEqual(63);
    expect(longest).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
  });

  it('keys an agent’s lane item and evidence by its name', () => {
    expect(laneItemKey('critic')).toEqual({ pk: 'agent#critic', sk: 'lane' });
    expect(agentEvidencePrefix('critic')).toBe('evidence/critic/');
  });

  it('round-trips agent and lane through an execution name', () => {
    const name = executionName(
      'lambda-expert',
      'dry_run',
      '2026-11-25T10-00-00-abc123',
    );
    expect(name).toBe('lambda-expert--dry_run--2026-11-25T10-00-00-abc123');
    expect(parseExecutionName(name)).toEqual({
      agent: 'lambda-expert',
      lane: 'dry_run',
    });
  });

  it('keeps execution names within the 80 characters Step Functions allows', () => {
    const name = executionName('a'.repeat(24), 'read_only', 'x'.repeat(100));
    expect(name).toHaveLength(80);
    expect(parseExecutionName(name)).toEqual({
      agent: 'a'.repeat(24),
      lane: 'read_only',
    });
  });

  it('does not attribute names that break the convention', () => {
    expect(parseExecutionName('manual-run-1')).toBeUndefined();
    expect(parseExecutionName('conductor--admin--1')).toBeUndefined();
  });
});

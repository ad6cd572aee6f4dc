import {
  AWS_NAME_LIMITS,
  DEFAULT_IMAGE_TAG,
  IMAGE_TAG_PATTERN,
  agentEventSource,
  agentImageRepositoryName,
  agentResourceName,
  boundedName,
  eventArchiveName,
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
      alarmPrefix: 'agent-mesh-billing-dev/',
      dashboard: 'agent-mesh-billing-dev',
    });
  });

  it('ends the alarm prefix in a character no mesh id holds, so one mesh never reads another’s alarms', () => {
    const billing = meshResourceNames('billing').alarmPrefix;
    const billingDevAlarm = `${
      meshResourceNames('billing-dev').alarmPrefix
    }orchestration-executions-failed`;
    expect(billingDevAlarm.startsWith(billing)).toBe(false);
    expect(MESH_ID_PATTERN.test('billing/dev')).toBe(false);
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
    // Longer than an agent name may be (a run started by hand): unattributed, so it never overflows a column.
    expect(parseExecutionName(`${'a'.repeat(68)}--execute--x`)).toBeUndefined();
  });
});

describe('bounded names', () => {
  it('leaves a name that fits unchanged', () => {
    // GIVEN a name inside its limit / WHEN bounded / THEN it is unchanged
    expect(boundedName('agent-mesh-team-dev-archive', 48)).toBe(
      'agent-mesh-team-dev-archive',
    );
  });

  it('cuts a long name to its limit with a deterministic hash suffix that keeps names apart', () => {
    // GIVEN two long names differing only at the end
    const a =
      'agent-mesh-payments-reconciliation-eu-dev1-cloudfront-expert-task-failed';
    const b =
      'agent-mesh-payments-reconciliation-eu-dev1-cloudfront-expert-task-failer';
    // WHEN bounded to an EventBridge rule's 64 characters
    const [boundedA, boundedB] = [boundedName(a, 64), boundedName(b, 64)];
    // THEN both fit, keep the readable prefix, are stable and differ
    expect(boundedA.length).toBeLessThanOrEqual(64);
    expect(boundedA).toMatch(
      /^agent-mesh-payments-reconciliation-eu-dev1-.*-[0-9a-z]{6}$/,
    );
    expect(boundedName(a, 64)).toBe(boundedA);
    expect(boundedA).not.toBe(boundedB);
  });

  it('keeps the archive of the longest mesh id inside 48 characters', () => {
    // GIVEN the longest mesh id / WHEN the archive is named / THEN it fits
    const name = eventArchiveName(`a${'b'.repeat(31)}`);
    expect(name.length).toBeLessThanOrEqual(AWS_NAME_LIMITS.eventArchive);
    expect(name.startsWith('agent-mesh-abbb')).toBe(true);
    expect(eventArchiveName('team-dev')).toBe('agent-mesh-team-dev-archive');
  });

  it('names per-agent resources inside their limit', () => {
    // GIVEN the longest mesh id and agent name / WHEN named / THEN within limit
    const name = agentResourceName(
      `a${'b'.repeat(31)}`,
      'x'.repeat(24),
      'task-failed',
      64,
    );
    expect(name.length).toBeLessThanOrEqual(64);
    expect(agentResourceName('team-dev', 'critic', 'task-failed', 64)).toBe(
      'agent-mesh-team-dev-critic-task-failed',
    );
  });
});

describe('images and event sources', () => {
  it.each(['v1', '1.2.3', 'sha-0a1b2c', 'Release_2', 'a'.repeat(128)])(
    'accepts image tag %p',
    tag => expect(IMAGE_TAG_PATTERN.test(tag)).toBe(true),
  );

  it.each(['latest', '', '-v1', '.v1', 'v1/x', 'v 1', 'a'.repeat(129)])(
    'refuses image tag %p',
    tag => expect(IMAGE_TAG_PATTERN.test(tag)).toBe(false),
  );

  it('gives each agent its own event source and image repository', () => {
    expect(agentEventSource('critic')).toBe('agent-mesh.agent.critic');
    expect(agentImageRepositoryName('team-dev')).toBe(
      'agent-mesh/team-dev/agent',
    );
    expect(IMAGE_TAG_PATTERN.test(DEFAULT_IMAGE_TAG)).toBe(true);
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMeshConfig, MeshConfig, parseMeshConfig } from './mesh-config';

const valid = {
  meshId: 'billing-dev',
  tier: 'small',
  environment: 'dev',
  awsAccountId: '123456789012',
  region: 'eu-west-1',
  agents: ['conductor', 'critic', 'sweeper'],
  initialLane: 'read_only',
  monthlyBudgetUsd: 100,
  alarmEmail: null,
  integrations: [],
};

function writeConfigFile(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-config-'));
  const file = path.join(dir, 'mesh.config.json');
  fs.writeFileSync(file, content);
  return file;
}

describe('parseMeshConfig', () => {
  it('reads a valid configuration, treating a null alarm e-mail as none', () => {
    // GIVEN a valid configuration WHEN it is parsed
    const config = parseMeshConfig(valid);
    // THEN every value is kept and the null alarm e-mail becomes undefined
    expect(config).toEqual<MeshConfig>({
      ...valid,
      tier: 'small',
      alarmEmail: undefined,
    });
  });

  it('treats an empty alarm e-mail as none and missing integrations as none', () => {
    // GIVEN a configuration with an empty alarm e-mail and no integrations key
    const { integrations: _omitted, ...rest } = valid;
    // WHEN it is parsed
    const config = parseMeshConfig({ ...rest, alarmEmail: '' });
    // THEN both are normalized
    expect(config.alarmEmail).toBeUndefined();
    expect(config.integrations).toEqual([]);
  });

  it('keeps the alarm e-mail and the integrations of a medium mesh', () => {
    const config = parseMeshConfig({
      ...valid,
      tier: 'medium',
      alarmEmail: 'ops@example.com',
      integrations: ['stripe'],
    });
    expect(config.tier).toBe('medium');
    expect(config.alarmEmail).toBe('ops@example.com');
    expect(config.integrations).toEqual(['stripe']);
  });

  it('lists every shape problem at once, naming each field and what is allowed', () => {
    // GIVEN a configuration with many wrong fields
    const bad = {
      ...valid,
      meshId: 7,
      tier: 'huge',
      agents: 'conductor',
      awsAccountId: '12345',
      region: 'eu west',
      monthlyBudgetUsd: '100',
      alarmEmail: 5,
      integrations: 'stripe',
    };
    // WHEN it is parsed THEN one error names every field, in order
    expect(() => parseMeshConfig(bad)).toThrow(
      new Error(
        [
          'Invalid mesh.config.json:',
          '  - meshId: must be a string',
          '  - tier: must be one of small, medium, large',
          '  - agents: must be a list of agent names',
          '  - monthlyBudgetUsd: must be a number',
          '  - alarmEmail: must be a string or null',
          '  - integrations: must be a list of providers',
          '  - awsAccountId: "12345" is not an AWS account id; use its 12 digits',
          '  - region: "eu west" is not an AWS region name (e.g. "eu-west-1")',
        ].join('\n'),
      ),
    );
  });

  it.each([
    'system:default/payments-dev',
    'system:team-a/Billing_Dev.v2',
    `system:${'n'.repeat(63)}/${'x'.repeat(63)}`,
  ])('keeps the catalog entity ref %p', ref => {
    // GIVEN the ref of the System the template registered / WHEN parsed / THEN it is kept as written
    expect(
      parseMeshConfig({ ...valid, catalogEntityRef: ref }).catalogEntityRef,
    ).toBe(ref);
    // AND a configuration without one has none
    expect(parseMeshConfig(valid).catalogEntityRef).toBeUndefined();
  });

  it.each([
    ['component:default/payments-dev', 'not a System entity ref'],
    ['System:default/payments-dev', 'not a System entity ref'],
    ['system:payments-dev', 'not a System entity ref'],
    ['system:Default/payments-dev', 'not a System entity ref'],
    ['system:default/-payments', 'not a System entity ref'],
    ['system:default/payments dev', 'not a System entity ref'],
    ['system:default/payments/dev', 'not a System entity ref'],
    ['system:default/pay#ments', 'not a System entity ref'],
    [`system:default/${'x'.repeat(64)}`, 'not a System entity ref'],
    [`system:${'n'.repeat(64)}/x`, 'not a System entity ref'],
    ['', 'not a System entity ref'],
    [42, 'must be a string'],
  ])('refuses the catalog entity ref %p, naming the field', (ref, reason) => {
    expect(() => parseMeshConfig({ ...valid, catalogEntityRef: ref })).toThrow(
      new RegExp(
        `^Invalid mesh\.config\.json:\n  - catalogEntityRef: .*${reason}.*"system:<namespace>/<name>"`,
      ),
    );
  });

  it('keeps the approval policy of the execute lane', () => {
    // GIVEN a medium mesh whose execute runs need a person only when the critic asks
    const config = parseMeshConfig({
      ...valid,
      tier: 'medium',
      approvals: { execute: 'on-critic-request' },
    });
    // THEN the policy reaches the config
    expect(config.approvals).toEqual({ execute: 'on-critic-request' });
    expect(parseMeshConfig(valid).approvals).toBeUndefined();
  });

  it.each([
    [
      { execute: 'never' },
      'approvals.execute: "never" is not an approval policy; use one of "always", "on-critic-request"',
    ],
    [
      { execute: true },
      'approvals.execute: true is not an approval policy; use one of "always", "on-critic-request"',
    ],
    ['always', 'approvals: must be an object such as { "execute": "always" }'],
  ])('refuses the approvals %p, naming the field', (approvals, message) => {
    expect(() => parseMeshConfig({ ...valid, approvals })).toThrow(
      `Invalid mesh.config.json:\n  - ${message}`,
    );
  });

  it('refuses webhook integrations on the small tier', () => {
    expect(() =>
      parseMeshConfig({ ...valid, integrations: ['stripe'] }),
    ).toThrow(
      'Invalid mesh.config.json:\n  - integrations: the small tier has no webhook integrations; choose medium or large',
    );
  });

  it('reports missing fields as not strings', () => {
    expect(() => parseMeshConfig({})).toThrow(
      /meshId: must be a string[\s\S]*environment: must be a string[\s\S]*initialLane: must be a string[\s\S]*awsAccountId: must be a string[\s\S]*region: must be a string/,
    );
  });

  it('keeps the image tag, and refuses latest and tags ECR does not take', () => {
    // GIVEN configurations with a good tag, "latest" and an ECR-invalid tag WHEN parsed
    expect(parseMeshConfig({ ...valid, imageTag: 'v1.2.0' }).imageTag).toBe(
      'v1.2.0',
    );
    // THEN a missing tag stays missing (the stack defaults to v1), and the bad ones are refused saying why
    expect(parseMeshConfig(valid).imageTag).toBeUndefined();
    for (const imageTag of ['latest', '.hidden', 'a/b', 7]) {
      expect(() => parseMeshConfig({ ...valid, imageTag })).toThrow(
        /imageTag: .* is not an image tag; .*not "latest" \(the repository's tags are immutable\)/,
      );
    }
  });

  it('keeps the secrets of a mesh and refuses a malformed list', () => {
    // GIVEN a deploy token for dry_run and execute WHEN parsed THEN it is kept as given
    const secrets = [
      { name: 'deploy-token', lanes: ['dry_run', 'execute'], canWrite: true },
    ];
    expect(parseMeshConfig({ ...valid, secrets }).secrets).toEqual(secrets);
    // AND a list without lanes, or not a list, is refused
    for (const bad of [
      [{ name: 'x' }],
      'model-api-key',
      [{ name: 'x', lanes: [], canWrite: 'yes' }],
    ]) {
      expect(() => parseMeshConfig({ ...valid, secrets: bad })).toThrow(
        /secrets: must be a list such as/,
      );
    }
  });

  it('accepts GovCloud and ISO region names', () => {
    expect(parseMeshConfig({ ...valid, region: 'us-gov-west-1' }).region).toBe(
      'us-gov-west-1',
    );
    expect(parseMeshConfig({ ...valid, region: 'us-isob-east-1' }).region).toBe(
      'us-isob-east-1',
    );
  });

  it.each([[[valid]], [null], ['text'], [42]])(
    'refuses %p as not an object',
    data => {
      expect(() => parseMeshConfig(data)).toThrow(
        'mesh.config.json must hold a JSON object',
      );
    },
  );

  it('names the source it was given', () => {
    expect(() =>
      parseMeshConfig({ ...valid, tier: 'x' }, 'infra/mesh.json'),
    ).toThrow(
      /^Invalid infra\/mesh.json:\n {2}- tier: must be one of small, medium, large$/,
    );
  });
});

describe('loadMeshConfig', () => {
  it('reads and checks a file', () => {
    // GIVEN a valid mesh.config.json on disk WHEN it is loaded THEN it is parsed
    const file = writeConfigFile(JSON.stringify(valid));
    expect(loadMeshConfig(file)).toEqual(parseMeshConfig(valid));
  });

  it('names the file when its content is invalid', () => {
    const file = writeConfigFile(
      JSON.stringify({ ...valid, awsAccountId: 'x' }),
    );
    expect(() => loadMeshConfig(file)).toThrow(
      `Invalid ${file}:\n  - awsAccountId: "x" is not an AWS account id; use its 12 digits`,
    );
  });

  it('names the file when it is not JSON', () => {
    const file = writeConfigFile('{ not json');
    expect(() => loadMeshConfig(file, 'mesh.config.json')).toThrow(
      /^mesh.config.json is not valid JSON: /,
    );
  });

  it('names the file when it cannot be read', () => {
    const file = path.join(
      os.tmpdir(),
      'no-such-dir-agent-mesh',
      'mesh.config.json',
    );
    expect(() => loadMeshConfig(file)).toThrow(`Cannot read ${file}: `);
  });
});

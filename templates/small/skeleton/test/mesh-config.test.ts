import { loadMeshConfig, parseMeshConfig } from '@agent-mesh/infra-constructs';
import { isTier, MESH_ID_PATTERN } from '@agent-mesh/plugin-agent-mesh-common';
import * as fs from 'node:fs';
import * as path from 'node:path';

const file = path.join(__dirname, '..', 'mesh.config.json');

describe("this repository's mesh.config.json", () => {
  // GIVEN the data file Backstage rendered, WHEN the construct library loads it
  const config = loadMeshConfig(file);

  it('holds a valid mesh id, tier, account and region', () => {
    expect(config.meshId).toMatch(MESH_ID_PATTERN);
    expect(isTier(config.tier)).toBe(true);
    expect(config.awsAccountId).toMatch(/^\d{12}$/);
    expect(config.region).toMatch(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/);
  });

  it('lists the core agents', () => {
    expect(config.agents).toEqual(
      expect.arrayContaining(['conductor', 'critic', 'sweeper']),
    );
  });

  it('is read as the file says', () => {
    // THEN what the CDK app uses is exactly the file's content (a null alarm e-mail meaning none)
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(config).toEqual({
      ...raw,
      alarmEmail: raw.alarmEmail || undefined,
      integrations: raw.integrations ?? [],
    });
  });

  it('would be refused, naming each field, if edited into a wrong shape', () => {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(() =>
      parseMeshConfig({
        ...raw,
        tier: 'huge',
        agents: 'conductor',
        awsAccountId: '12345',
      }),
    ).toThrow(
      /tier: must be one of small, medium, large[\s\S]*agents: must be a list of agent names[\s\S]*awsAccountId: "12345" is not an AWS account id/,
    );
  });
});

import { buildMeshApp, loadMeshConfig } from '@agent-mesh/infra-constructs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// What this repository owns: its mesh.config.json, and the app bin/mesh.ts builds from it. How the stack is
// built (names, lanes, tags, the props rules, cdk-nag) is @agent-mesh/infra-constructs' concern, tested there.
const file = path.join(__dirname, '..', 'mesh.config.json');

describe("this repository's mesh", () => {
  // GIVEN the data file Backstage rendered, WHEN the construct library loads it
  const config = loadMeshConfig(file);

  it('loads mesh.config.json as the file says', () => {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    // THEN the CDK app uses exactly the file's content (a null alarm e-mail meaning none)
    expect(config).toEqual({
      ...raw,
      alarmEmail: raw.alarmEmail || undefined,
      integrations: raw.integrations ?? [],
    });
  });

  it('synthesizes its tier stack, with cdk-nag passing', () => {
    // WHEN the app is synthesized (an unacknowledged cdk-nag error would throw here)
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-test-'));
    const { app, stack } = buildMeshApp(config, { outdir });
    app.synth();
    // THEN the stack is this mesh's, of this tier
    expect(stack.stackName).toBe(`agent-mesh-${config.meshId}`);
    const template = Template.fromStack(stack);
    template.hasOutput('Tier', { Value: config.tier });
    template.hasOutput('MeshId', { Value: config.meshId });
    // AND its workflow carries the System it is registered as, which the portal checks before trusting it
    expect(config.catalogEntityRef).toBe(`system:default/${config.meshId}`);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: `agent-mesh-${config.meshId}-orchestration`,
      Tags: Match.arrayWith([
        // tags are sorted by key
        { Key: 'agent-mesh:entity', Value: config.catalogEntityRef },
        { Key: 'agent-mesh:mesh', Value: config.meshId },
      ]),
    });
  });
});

import { ConfigReader } from '@backstage/config';
import path from 'node:path';
import {
  DEFAULT_SYNTH_LIMITS,
  isRegistryUrl,
  readAgentMeshScaffolderConfig,
} from './agentMeshScaffolderConfig';

describe('readAgentMeshScaffolderConfig', () => {
  it('reads the tarball folder (resolved) and the @agent-mesh registry', () => {
    expect(
      readAgentMeshScaffolderConfig(
        new ConfigReader({
          agentMeshScaffolder: {
            packages: {
              tarballDirectory: 'tarballs',
              registry: 'https://npm.example.invalid/',
            },
          },
        }),
      ),
    ).toEqual({
      tarballDirectory: path.resolve('tarballs'),
      registry: 'https://npm.example.invalid/',
      synth: DEFAULT_SYNTH_LIMITS,
    });
    expect(readAgentMeshScaffolderConfig(new ConfigReader({}))).toEqual({
      tarballDirectory: undefined,
      registry: undefined,
      synth: DEFAULT_SYNTH_LIMITS,
    });
  });

  it('reads the synthesis limits, the timeout as a Backstage duration', () => {
    const limits = (synth: object) =>
      readAgentMeshScaffolderConfig(
        new ConfigReader({ agentMeshScaffolder: { synth } }),
      ).synth;
    expect(
      limits({
        timeout: { minutes: 2 },
        maxOldGenerationSizeMb: 512,
        maxAgents: 10,
        maxSecrets: 5,
        maxConfigBytes: 4096,
        maxOutputBytes: 1_000_000,
      }),
    ).toEqual({
      timeoutMs: 120_000,
      maxOldGenerationSizeMb: 512,
      maxAgents: 10,
      maxSecrets: 5,
      maxConfigBytes: 4096,
      maxOutputBytes: 1_000_000,
    });
    expect(limits({ timeout: '90s' }).timeoutMs).toBe(90_000);
    expect(limits({ timeout: 'PT30S' }).timeoutMs).toBe(30_000);
    expect(() => limits({ timeout: 'soon' })).toThrow(
      /Invalid duration 'soon' in config at 'agentMeshScaffolder.synth.timeout'/,
    );
    expect(() => limits({ maxAgents: 0 })).toThrow(
      'agentMeshScaffolder.synth.maxAgents must be a positive whole number, got 0',
    );
    expect(() => limits({ maxOldGenerationSizeMb: 1.5 })).toThrow(
      /maxOldGenerationSizeMb must be a positive whole number/,
    );
  });

  it('refuses a registry that is not one http(s) URL, since it becomes an .npmrc line', () => {
    for (const bad of [
      'npm.example.invalid',
      'file:///etc',
      'https://a.invalid/\n//a.invalid/:_authToken=x',
      'https://a.invalid/ #x',
    ]) {
      expect(isRegistryUrl(bad)).toBe(false);
    }
    expect(() =>
      readAgentMeshScaffolderConfig(
        new ConfigReader({
          agentMeshScaffolder: { packages: { registry: 'ftp://x.invalid' } },
        }),
      ),
    ).toThrow(/agentMeshScaffolder.packages.registry must be an http\(s\) URL/);
  });
});

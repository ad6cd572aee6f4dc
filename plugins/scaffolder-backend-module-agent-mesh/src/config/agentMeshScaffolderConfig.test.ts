import { ConfigReader } from '@backstage/config';
import path from 'node:path';
import {
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
    });
    expect(readAgentMeshScaffolderConfig(new ConfigReader({}))).toEqual({
      tarballDirectory: undefined,
      registry: undefined,
    });
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

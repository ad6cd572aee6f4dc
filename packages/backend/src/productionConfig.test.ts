import path from 'node:path';
import { Config } from '@backstage/config';
import { ConfigSources, FileConfigSource } from '@backstage/config-loader';
import { minimatch } from 'minimatch';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const TEMPLATES_URL =
  'https://github.com/acme/agent-mesh-backstage/blob/main/templates';

/** The merged config a production backend reads: app-config.yaml, then app-config.production.yaml over it. */
async function productionConfig(
  env: Record<string, string>,
): Promise<Config & { close(): void }> {
  const file = (name: string) =>
    FileConfigSource.create({
      path: path.join(REPO_ROOT, name),
      watch: false,
      substitutionFunc: async variable =>
        ({ AGENT_MESH_TEMPLATES_URL: TEMPLATES_URL, ...env }[variable]),
    });
  return ConfigSources.toConfig(
    ConfigSources.merge([
      file('app-config.yaml'),
      file('app-config.production.yaml'),
    ]),
  );
}

interface CatalogRule {
  allow: string[];
  locations?: { type: string; pattern?: string; target?: string }[];
}

/** Whether the catalog's global rules let `kind` in from a url location at `target` (as the catalog matches). */
function allowsFromUrl(rules: CatalogRule[], kind: string, target: string) {
  return rules.some(
    rule =>
      rule.allow.includes(kind) &&
      (!rule.locations ||
        rule.locations.some(
          location =>
            location.type === 'url' &&
            (location.target === undefined || location.target === target) &&
            (location.pattern === undefined ||
              minimatch(target, location.pattern, { nocase: true, dot: true })),
        )),
  );
}

const MESH_REPO =
  'https://github.com/acme/payments-mesh/blob/main/catalog-info.yaml';

describe('app-config.production.yaml merged over app-config.yaml', () => {
  it('turns off local publishing and the embedded AWS', async () => {
    const config = await productionConfig({ AGENT_MESH_GITHUB_ORG: 'acme' });
    try {
      expect(
        config.getBoolean('agentMeshScaffolder.localPublish.enabled'),
      ).toBe(false);
      expect(config.getBoolean('localAws.enabled')).toBe(false);
    } finally {
      config.close();
    }
  });

  it('ingests meshes and agents only from repositories of the configured organization', async () => {
    const config = await productionConfig({ AGENT_MESH_GITHUB_ORG: 'acme' });
    try {
      const rules = config.get<CatalogRule[]>('catalog.rules');
      for (const kind of ['System', 'Component']) {
        expect(allowsFromUrl(rules, kind, MESH_REPO)).toBe(true);
        expect(
          allowsFromUrl(
            rules,
            kind,
            'https://github.com/someone-else/payments-mesh/blob/main/catalog-info.yaml',
          ),
        ).toBe(false);
        expect(
          allowsFromUrl(
            rules,
            kind,
            'https://gitlab.example.com/acme/payments-mesh/-/blob/main/catalog-info.yaml',
          ),
        ).toBe(false);
      }
      // The local app's file locations (demo meshes, org data) are not inherited.
      const targets = config
        .getConfigArray('catalog.locations')
        .map(location => location.getString('target'));
      expect(targets.every(target => target.startsWith('https://'))).toBe(true);
    } finally {
      config.close();
    }
  });

  it('lets no mesh in when the organization is not set, rather than every repository', async () => {
    const config = await productionConfig({});
    try {
      const rules = config.get<CatalogRule[]>('catalog.rules');
      expect(allowsFromUrl(rules, 'System', MESH_REPO)).toBe(false);
      expect(allowsFromUrl(rules, 'Component', MESH_REPO)).toBe(false);
    } finally {
      config.close();
    }
  });
});

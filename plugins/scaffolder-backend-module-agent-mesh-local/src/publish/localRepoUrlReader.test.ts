import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalRepoUrlReader } from './localRepoUrlReader';

describe('LocalRepoUrlReader', () => {
  const root = createMockDirectory();
  let repos: string;
  let reader: LocalRepoUrlReader;
  const url = (...parts: string[]) => pathToFileURL(path.join(...parts)).href;

  beforeEach(() => {
    root.setContent({
      'repos/mesh/catalog-info.yaml': 'kind: System\n',
      'secret.txt': 'secret',
    });
    repos = path.join(root.path, 'repos');
    reader = new LocalRepoUrlReader(repos);
  });

  it('handles only file: URLs inside the folder', () => {
    expect(
      reader.handles(new URL(url(repos, 'mesh', 'catalog-info.yaml'))),
    ).toBe(true);
    expect(reader.handles(new URL(url(root.path, 'secret.txt')))).toBe(false);
    expect(reader.handles(new URL(url(repos)))).toBe(false);
    expect(
      reader.handles(
        new URL('https://github.com/a/b/blob/main/catalog-info.yaml'),
      ),
    ).toBe(false);
  });

  it('reads a file, and answers NotModified for an unchanged etag', async () => {
    const target = url(repos, 'mesh', 'catalog-info.yaml');
    const response = await reader.readUrl(target);
    expect((await response.buffer()).toString()).toBe('kind: System\n');
    await expect(
      reader.readUrl(target, { etag: response.etag }),
    ).rejects.toMatchObject({
      name: 'NotModifiedError',
    });
    const search = await reader.search(target);
    expect(search.files.map(f => f.url)).toEqual([target]);
    expect((await search.files[0].content()).toString()).toBe('kind: System\n');
  });

  it('finds nothing for a missing file and refuses paths that lead out of the folder', async () => {
    expect(
      (await reader.search(url(repos, 'mesh', 'missing.yaml'))).files,
    ).toEqual([]);
    fs.symlinkSync(
      path.join(root.path, 'secret.txt'),
      path.join(repos, 'mesh', 'link.txt'),
    );
    await expect(
      reader.readUrl(url(repos, 'mesh', 'link.txt')),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(
      reader.readUrl(`${url(repos)}/../secret.txt`),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
  });

  it('is only installed when local publishing is enabled', () => {
    const factory = (data: object) =>
      LocalRepoUrlReader.factory({
        config: new ConfigReader(data),
        logger: undefined as any,
        treeResponseFactory: undefined as any,
      });
    expect(factory({})).toEqual([]);
    const [tuple] = factory({
      agentMeshScaffolder: {
        localPublish: { enabled: true, directory: repos },
      },
    });
    expect(
      tuple.predicate(new URL(url(repos, 'mesh', 'catalog-info.yaml'))),
    ).toBe(true);
    expect(tuple.predicate(new URL(url(root.path, 'secret.txt')))).toBe(false);
  });
});

import {
  createServiceFactory,
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReaderFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import {
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { readLocalPublishConfig } from '../config/localPublishConfig';

/**
 * Reads `file:` URLs of files inside the local publish folder, and nothing else. It lets `catalog:register` and
 * the catalog read the `catalog-info.yaml` of repositories `agent-mesh:publish:local` wrote, the same way they
 * read a GitHub URL in production. Symbolic links that lead out of the folder are refused.
 */
export class LocalRepoUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config }) => {
    const localPublish = readLocalPublishConfig(config);
    if (!localPublish.enabled) {
      return [];
    }
    const reader = new LocalRepoUrlReader(localPublish.directory);
    return [{ reader, predicate: url => reader.handles(url) }];
  };

  constructor(private readonly directory: string) {}

  /** Whether the URL is a `file:` URL inside the folder (lexically; `resolve` checks the real path). */
  handles(url: URL): boolean {
    if (url.protocol !== 'file:') {
      return false;
    }
    const relative = path.relative(this.directory, fileURLToPath(url));
    return (
      relative !== '' &&
      !relative.startsWith('..') &&
      !path.isAbsolute(relative)
    );
  }

  private resolve(url: string): string {
    const parsed = new URL(url);
    if (!this.handles(parsed)) {
      throw new NotAllowedError(
        `${url} is not inside the local publish folder`,
      );
    }
    let real: string;
    try {
      real = fs.realpathSync(fileURLToPath(parsed));
    } catch {
      throw new NotFoundError(`${url} does not exist`);
    }
    const base = fs.existsSync(this.directory)
      ? fs.realpathSync(this.directory)
      : this.directory;
    const relative = path.relative(base, real);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new NotAllowedError(`${url} leads out of the local publish folder`);
    }
    if (!fs.statSync(real).isFile()) {
      throw new NotFoundError(`${url} is not a file`);
    }
    return real;
  }

  private read(url: string, etag: string | undefined) {
    const file = this.resolve(url);
    const stat = fs.statSync(file);
    const currentEtag = `${stat.size}-${stat.mtimeMs}`;
    if (etag && etag === currentEtag) {
      throw new NotModifiedError();
    }
    return { file, etag: currentEtag, lastModifiedAt: stat.mtime };
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { file, etag, lastModifiedAt } = this.read(url, options?.etag);
    const data = await fs.promises.readFile(file);
    return {
      buffer: async () => data,
      stream: () => Readable.from(data),
      etag,
      lastModifiedAt,
    };
  }

  async readTree(): Promise<UrlReaderServiceReadTreeResponse> {
    throw new NotAllowedError(
      'Reading trees of local mesh repositories is not supported',
    );
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    let found;
    try {
      found = this.read(url, options?.etag);
    } catch (error) {
      if (error instanceof NotFoundError) {
        return { files: [], etag: '' };
      }
      throw error;
    }
    const { file, etag, lastModifiedAt } = found;
    return {
      files: [
        { url, content: () => fs.promises.readFile(file), lastModifiedAt },
      ],
      etag,
    };
  }
}

/**
 * Adds {@link LocalRepoUrlReader} to the backend's URL readers. It reads nothing unless
 * `agentMeshScaffolder.localPublish.enabled` is true.
 *
 * @public
 */
export const localRepoUrlReaderServiceFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalRepoUrlReader.factory;
  },
});

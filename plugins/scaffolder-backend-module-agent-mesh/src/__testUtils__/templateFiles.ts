import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { Tier } from '@agent-mesh/plugin-agent-mesh-common';

/** The repository root (this file is plugins/<module>/src/__testUtils__/). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const TEMPLATES_DIR = path.join(REPO_ROOT, 'templates');

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory()
      ? listFiles(full, base)
      : [path.relative(base, full).split(path.sep).join('/')];
  });
}

/** The one skeleton all three tier templates render. */
export const SKELETON_DIR = path.join(TEMPLATES_DIR, 'skeleton');

/** The file of a tier's template. */
export const templateFile = (tier: Tier) =>
  path.join(TEMPLATES_DIR, `${tier}.yaml`);

/**
 * A template's entity and the files beside it as the scaffolder's dry-run API takes them: the dry run puts them
 * next to a `template.yaml`, so the template's `./skeleton` is the shared skeleton, as it is in the repository.
 */
export function loadTemplate(tier: Tier) {
  const template = yaml.parse(fs.readFileSync(templateFile(tier), 'utf8'));
  const directoryContents = listFiles(SKELETON_DIR).map(file => ({
    path: `skeleton/${file}`,
    base64Content: fs
      .readFileSync(path.join(SKELETON_DIR, file))
      .toString('base64'),
  }));
  return { template, directoryContents };
}

/** Writes dry-run output files into `dir`. */
export function writeDirectoryContents(
  dir: string,
  files: { path: string; base64Content: string; executable?: boolean }[],
) {
  for (const file of files) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
}

import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';

/** A commit author. */
export interface GitAuthor {
  name: string;
  email: string;
}

/**
 * Copies `sourceDir` (without any `.git` folder) to `targetDir`, which must not exist yet, and commits it as the
 * first commit of a new git repository on `defaultBranch`. Returns the commit hash.
 */
export async function writeLocalGitRepository(options: {
  sourceDir: string;
  targetDir: string;
  defaultBranch: string;
  author: GitAuthor;
  message: string;
}): Promise<string> {
  const { sourceDir, targetDir, defaultBranch, author, message } = options;
  await fs.promises.mkdir(path.dirname(targetDir), { recursive: true });
  // mkdir without recursive fails if the folder exists: a repository is never overwritten.
  await fs.promises.mkdir(targetDir);
  await fs.promises.cp(sourceDir, targetDir, {
    recursive: true,
    filter: src => path.basename(src) !== '.git',
  });
  await git.init({ fs, dir: targetDir, defaultBranch });
  const files = await git.statusMatrix({ fs, dir: targetDir });
  for (const [filepath] of files) {
    await git.add({ fs, dir: targetDir, filepath });
  }
  return git.commit({ fs, dir: targetDir, message, author });
}

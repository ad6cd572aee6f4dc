/** `code-reviewer` and `dry_run` become `CodeReviewer` and `DryRun`, for construct ids. */
export function pascalCase(value: string): string {
  return value
    .split(/[-_]/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('');
}

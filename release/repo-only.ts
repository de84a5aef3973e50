/**
 * Markdown shipped in the package drops the blocks marked as being about this
 * repository (how to run its tests, its benchmarks, its design notes), written as
 *
 *   <!-- repo-only -->
 *   ...
 *   <!-- /repo-only -->
 *
 * The markers are HTML comments, so the repository's pages render unchanged.
 */
const OPEN = '<!-- repo-only -->';
const CLOSE = '<!-- /repo-only -->';

export function withoutRepoOnlyBlocks(markdown: string, file: string): string {
  const kept: string[] = [];
  let openedAt = 0;
  markdown.split('\n').forEach((line, index) => {
    const marker = line.trim();
    if (marker === OPEN) {
      if (openedAt) throw new Error(`${file}:${index + 1}: ${OPEN} inside the block opened at line ${openedAt}`);
      openedAt = index + 1;
    } else if (marker === CLOSE) {
      if (!openedAt) throw new Error(`${file}:${index + 1}: ${CLOSE} without an opening marker`);
      openedAt = 0;
    } else if (!openedAt) {
      kept.push(line);
    }
  });
  if (openedAt) throw new Error(`${file}:${openedAt}: ${OPEN} is never closed`);
  return kept.join('\n').replace(/\n{3,}/g, '\n\n');
}

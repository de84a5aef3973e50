/**
 * The package.json that is published, derived from the repository's: the same
 * name, version, entry points and dependencies, without what only a checkout
 * uses. Its scripts (`prepare` compiles with tsc, `test`, the benchmarks) would
 * be dead or harmful in an installed package: npm warns about an install script
 * on every install, and the sources they compile are not shipped.
 */
/** Where the published package has the `vigil` launcher (checker/cli/vigil in a checkout). */
export const PUBLISHED_LAUNCHER = 'dist/checker/cli/vigil';

const CHECKOUT_ONLY = ['scripts', 'devDependencies', 'private', 'ava', 'files'] as const;

export function publishManifest(repository: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const manifest: Record<string, unknown> = { ...repository };
  for (const key of CHECKOUT_ONLY) delete manifest[key];
  manifest.files = ['dist', 'docs'];
  // The launcher is shipped beside the compiled CLI (stage.ts), not where a checkout has it.
  manifest.bin = { vigil: PUBLISHED_LAUNCHER };
  return manifest;
}

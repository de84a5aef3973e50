import { scaffoldProject } from '../init/scaffold.js';

/** `vigil init [DIR]`: scaffolds a model project and says what to do next. */
export function initCommand(dir: string): number {
  const files = scaffoldProject(dir);
  const lines = [`Created a Vigil model project in ${dir}:`, ...files.map((file) => `  ${file}`), '', 'Next:'];
  if (dir !== '.') lines.push(`  cd ${dir}`);
  lines.push('  npm install', '  npx vigil check models/mutex.ts', '  npm test');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

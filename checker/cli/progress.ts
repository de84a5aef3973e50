import { formatProgress } from '../report/text.js';
import type { ProgressInfo } from '../search/outcome.js';

/**
 * Progress on stderr: a TLC-style line every `intervalSeconds`, and on a terminal
 * a live one-line display refreshed twice a second in between.
 */
export function progressPrinter(intervalSeconds: number, stream: NodeJS.WriteStream = process.stderr) {
  const live = stream.isTTY === true;
  let lastLineAt = Date.now();
  const onProgress = (info: ProgressInfo) => {
    const now = Date.now();
    if (now - lastLineAt >= intervalSeconds * 1000) {
      lastLineAt = now;
      stream.write(`${live ? '\r\x1b[K' : ''}${formatProgress(info)}\n`);
    } else if (live) {
      stream.write(`\r\x1b[K${info.distinctStates} distinct, ${info.generatedStates} generated, depth ${info.depth}, queue ${info.queueLeft}`);
    }
  };
  const finish = () => {
    if (live) stream.write('\r\x1b[K');
  };
  return { onProgress, finish, engineIntervalMs: live ? 500 : intervalSeconds * 1000 };
}

import test from 'ava';
import { createConnection } from 'node:net';
import { startNatsServer } from '../checker/cluster/nats-server.js';

/**
 * A private server's warnings and errors reach the coordinator's stderr through
 * `--cluster local:N` (startLocalCluster passes its onNews on): a slow consumer
 * or a client's protocol error must not go unseen, as the routine log does.
 * A client that speaks no NATS makes the server log a parser error.
 */
test('the server forwards its [ERR] lines, one per line, without its pid and time', async (t) => {
  const lines: string[] = [];
  const server = await startNatsServer(undefined, undefined, (line) => lines.push(line));
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port: server.port }, () => socket.write('NOT-A-NATS-VERB\r\n'));
      socket.resume();
      socket.once('error', reject);
      socket.once('close', () => resolve());
    });
    const deadline = Date.now() + 5000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    // Stopping reads the rest of the log: every line the server wrote is in `lines` now.
    await server.stop();
  }
  t.is(lines.length, 1, lines.join('\n'));
  t.regex(lines[0]!, /^nats-server: \[ERR\] 127\.0\.0\.1:\d+ - cid:\d+ - Client parser ERROR, state=0, i=0: proto='"NOT-A-NATS-VERB\\r"\.\.\.'$/);
});

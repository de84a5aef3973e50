import { createHash } from 'node:crypto';
import { nkeys } from '@nats-io/transport-node';

/**
 * NATS decentralised credentials for tests, made as `nsc` makes them: an operator,
 * one account with JetStream, and users signed by the account, each with a
 * credentials file (user JWT + nkey seed) for `--creds`. The server trusts the
 * operator and preloads the accounts (a memory resolver).
 */
export interface TestOperator {
  /** Lines for the server's configuration file. */
  readonly serverConfig: string;
  /** A `.creds` file's text for a user with these publish permissions. */
  user(name: string, publish?: { deny?: string[]; allow?: string[] }): string;
}

const encoder = new TextEncoder();
const base64url = (bytes: Uint8Array | string) => Buffer.from(typeof bytes === 'string' ? encoder.encode(bytes) : bytes).toString('base64url');

/** A NATS JWT: a JSON header and claims, signed by the issuer's nkey (ed25519). */
function signJwt(issuer: nkeys.KeyPair, subject: string, name: string, nats: Record<string, unknown>): string {
  const claims: Record<string, unknown> = { iat: Math.floor(Date.now() / 1000), iss: issuer.getPublicKey(), name, sub: subject, nats: { ...nats, version: 2 } };
  claims.jti = createHash('sha256').update(JSON.stringify(claims)).digest('base64url').toUpperCase();
  const unsigned = `${base64url(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' }))}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${base64url(issuer.sign(encoder.encode(unsigned)))}`;
}

export function makeTestOperator(): TestOperator {
  const operator = nkeys.createOperator();
  const account = nkeys.createAccount();
  const operatorJwt = signJwt(operator, operator.getPublicKey(), 'vigil-test', { type: 'operator' });
  const unlimited = { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1, mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 };
  const accountJwt = signJwt(operator, account.getPublicKey(), 'VIGIL', { type: 'account', limits: unlimited });
  // JetStream needs the server's own system account.
  const system = nkeys.createAccount();
  const systemJwt = signJwt(operator, system.getPublicKey(), 'SYS', { type: 'account' });
  return {
    serverConfig: [
      `operator: ${operatorJwt}`,
      `system_account: ${system.getPublicKey()}`,
      'resolver: MEMORY',
      `resolver_preload: { ${account.getPublicKey()}: ${accountJwt}, ${system.getPublicKey()}: ${systemJwt} }`,
    ].join('\n'),
    user(name, publish = {}) {
      const user = nkeys.createUser();
      const jwt = signJwt(account, user.getPublicKey(), name, { type: 'user', pub: publish, sub: {}, subs: -1, data: -1, payload: -1 });
      const seed = new TextDecoder().decode(user.getSeed());
      return `-----BEGIN NATS USER JWT-----\n${jwt}\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${seed}\n------END USER NKEY SEED------\n`;
    },
  };
}

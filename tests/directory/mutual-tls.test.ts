// DIRECTORY_TLS_CERT / _KEY / _CA: a marketplace may require the product's client certificate.
// The certificates are made for the test with the openssl command; without it the test is skipped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpDirectory } from '../../core/directory/http/http-directory.js';
import { DIRECTORY_SECRET, referenceDirectory, type ReferenceDirectory } from '../helpers/directory-under-test.js';
import { CONFORMANCE_SNAPSHOT } from './conformance-snapshot.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = hasOpenssl();
if (!available) console.error('mutual-tls: SKIPPING: the openssl command is not installed, so no test certificates can be made.');

describe.skipIf(!available)('the HTTP directory over mutual TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-mtls-'));
  const file = (name: string) => join(dir, name);
  const pem = (name: string) => readFileSync(file(name), 'utf8');
  let marketplace: ReferenceDirectory;
  let server: https.Server;
  let url: string;

  beforeAll(async () => {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=Test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
    for (const [name, extension] of [['server', 'subjectAltName=IP:127.0.0.1'], ['client', 'extendedKeyUsage=clientAuth']] as const) {
      openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
      writeFileSync(file(`${name}.ext`), `${extension}\n`);
      openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
    }
    marketplace = await referenceDirectory(CONFORMANCE_SNAPSHOT);
    // The reference server's own handler, served over TLS that demands a client certificate.
    const handler = marketplace.server.listeners('request')[0] as RequestListener;
    server = https.createServer({ key: pem('server.key'), cert: pem('server.pem'), ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true }, handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await marketplace?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers with the client certificate, and is unavailable without one', async () => {
    const withCert = createHttpDirectory({ url, secret: DIRECTORY_SECRET, tls: { cert: pem('client.pem'), key: pem('client.key'), ca: pem('ca.pem') } });
    expect(await withCert.findByOrder('8200000000000001')).toMatchObject({ kind: 'found', account: { loginId: 'ru2000000001' } });
    const without = createHttpDirectory({ url, secret: DIRECTORY_SECRET, readRetries: 0, tls: { ca: pem('ca.pem') } });
    expect(await without.findByOrder('8200000000000001')).toEqual({ kind: 'unavailable' });
  });
});

/**
 * VALIDATE CONNECTION for a schema registry, against the real registry the test runner started.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { RegistryError } from '../../src/connectors/csr/registry-error.ts';
import type { RegistrySpec } from '../../src/connectors/csr/registry-spec.ts';
import { validateRegistryConnection } from '../../src/connectors/csr/validate-connection.ts';
import { testEnv } from '../support/test-env.ts';

const { registry } = testEnv();

async function failure(spec: RegistrySpec, timeoutMs?: number): Promise<RegistryError> {
  const err = await validateRegistryConnection(spec, timeoutMs).then(
    () => assert.fail('the connection validated'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RegistryError, `not a RegistryError: ${err}`);
  assert.ok((err.hint ?? '').length > 10, 'no hint');
  return err as RegistryError;
}

async function serve(t: import('node:test').TestContext, handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('the registry with the right credentials validates', async () => {
  const result = await validateRegistryConnection({ url: registry.url, auth: registry.auth });
  assert.equal(typeof result.subjects, 'number');
});

test('a wrong password is HTTP 401, named as such', async () => {
  const err = await failure({
    url: registry.url,
    auth: { username: registry.auth.username, password: 'wrong' },
  });
  assert.equal(err.code, 'registry-unauthorized');
  assert.match(err.message, /HTTP 401/);
  assert.match(err.hint ?? '', /PASSWORD/);
});

test('HTTP 403 is reported as a permission problem', async (t) => {
  const url = await serve(t, (_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error_code: 40301, message: 'User cannot access the resource.' }));
  });
  const err = await failure({ url, auth: { username: 'u', password: 'p' } });
  assert.equal(err.code, 'registry-forbidden');
  assert.equal(err.registryCode, 40301);
  assert.match(err.message, /User cannot access the resource/);
});

test('a wrong port is connection refused', async () => {
  const err = await failure({ url: 'http://127.0.0.1:1', auth: registry.auth });
  assert.equal(err.code, 'registry-connection-refused');
});

test('a server that is not a registry is told apart', async (t) => {
  const url = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>hello</html>');
  });
  const err = await failure({ url });
  assert.equal(err.code, 'registry-not-a-registry');
});

test('a registry that never answers times out within the bound', async (t) => {
  const url = await serve(t, () => {
    // never respond
  });
  const started = performance.now();
  const err = await failure({ url }, 1_000);
  assert.equal(err.code, 'registry-timeout');
  assert.ok(performance.now() - started < 3_000);
});

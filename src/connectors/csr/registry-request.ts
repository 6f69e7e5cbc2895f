/**
 * One HTTP request to a schema registry, with basic auth, custom TLS trust and a hard time bound.
 *
 * node:https rather than fetch: fetch cannot take a per-request CA or client certificate in Node 20
 * without the undici package, and registries behind a private CA (Redpanda, self-hosted) need both.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type RegistrySpec, registryUrl } from './registry-spec.ts';

export interface RegistryResponse {
  status: number;
  body: unknown;
}

export function registryRequest(
  spec: RegistrySpec,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { timeoutMs: number; body?: unknown },
): Promise<RegistryResponse> {
  const url = registryUrl(spec.url, path);
  const headers: Record<string, string> = {
    accept: 'application/vnd.schemaregistry.v1+json, application/json',
  };
  if (spec.auth) {
    headers.authorization = `Basic ${Buffer.from(`${spec.auth.username}:${spec.auth.password}`).toString('base64')}`;
  }
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (payload) headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
  const tls = url.protocol === 'https:' ? { ca: spec.ssl?.ca, cert: spec.ssl?.cert, key: spec.ssl?.key } : {};
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, ...tls, timeout: options.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text, the caller reports it
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

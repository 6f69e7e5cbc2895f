/**
 * What a Confluent Schema Registry connection needs at request time, with secrets resolved.
 * Works for Confluent Platform and Cloud, Redpanda's registry, Karapace and Apicurio's ccompat API.
 */
export interface RegistrySpec {
  /** Base URL; may carry a path (Apicurio serves the Confluent API under /apis/ccompat/v7). */
  url: string;
  auth?: { username: string; password: string };
  /** PEM text. `cert` and `key` together authenticate the client (mTLS). */
  ssl?: { ca?: string; cert?: string; key?: string };
}

/** `base` + `path` keeping any path the base URL has (unlike `new URL('/x', base)`). */
export function registryUrl(base: string, path: string): URL {
  return new URL(`${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
}

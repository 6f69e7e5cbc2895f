/**
 * Why a schema registry request failed, in words a user can act on: the transport's failures
 * (DNS, refused, TLS, timeout) and the registry's own answers (401, 403, its JSON error bodies).
 */
import { UserError } from '../../errors/user-error.ts';

export type RegistryProblem =
  | 'host-not-found'
  | 'connection-refused'
  | 'certificate-rejected'
  | 'tls-failed'
  | 'timeout'
  | 'unauthorized'
  | 'forbidden'
  | 'not-a-registry'
  | 'registry-error';

export class RegistryError extends UserError {
  readonly code: string;
  constructor(
    readonly problem: RegistryProblem,
    message: string,
    hint: string,
    options: { cause?: unknown; status?: number; registryCode?: number } = {},
  ) {
    super(message, {
      hint,
      cause: options.cause,
      retriable: problem === 'timeout' || problem === 'connection-refused',
    });
    this.code = `registry-${problem}`;
    this.status = options.status;
    this.registryCode = options.registryCode;
  }
  readonly status: number | undefined;
  /** The registry's `error_code` (e.g. 40401, 409, 42201) when it sent one. */
  readonly registryCode: number | undefined;
}

export function diagnoseRegistryFailure(err: unknown, url: string): RegistryError {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  const message = e?.message ?? String(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new RegistryError(
      'host-not-found',
      `could not resolve the schema registry host in ${url}`,
      'Check the host name in URL.',
      { cause: err },
    );
  }
  if (code === 'ECONNREFUSED') {
    return new RegistryError(
      'connection-refused',
      `connection refused by the schema registry at ${url}`,
      'Check the port in URL and that the registry is running.',
      { cause: err },
    );
  }
  if (code === 'ETIMEDOUT') {
    return new RegistryError(
      'timeout',
      `timed out waiting for the schema registry at ${url}`,
      'Check URL (http vs https) and that a firewall lets you through.',
      { cause: err },
    );
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO|ALTNAME/.test(code)) {
    return new RegistryError(
      'certificate-rejected',
      `the schema registry's TLS certificate was rejected: ${message}`,
      "Set SSL CERTIFICATE AUTHORITY to the CA that signed the registry's certificate.",
      { cause: err },
    );
  }
  if (code === 'EPROTO' || /ssl|tls/i.test(message)) {
    return new RegistryError(
      'tls-failed',
      `TLS with the schema registry at ${url} failed: ${message}`,
      'Check whether URL should start with http:// or https://.',
      { cause: err },
    );
  }
  return new RegistryError(
    'registry-error',
    `could not reach the schema registry at ${url}: ${message}`,
    'Check URL and run VALIDATE CONNECTION again.',
    { cause: err },
  );
}

export function registryErrorFromResponse(status: number, body: unknown, url: string): RegistryError {
  const b = (body ?? {}) as { error_code?: number; message?: string };
  const detail = typeof b.message === 'string' && b.message ? `: ${b.message}` : '';
  if (status === 401) {
    return new RegistryError(
      'unauthorized',
      `the schema registry at ${url} rejected the credentials (HTTP 401)${detail}`,
      'Check USERNAME and the secret behind PASSWORD.',
      { status, registryCode: b.error_code },
    );
  }
  if (status === 403) {
    return new RegistryError(
      'forbidden',
      `the schema registry at ${url} denied access (HTTP 403)${detail}`,
      'The credentials are valid but lack permission: grant them read and write access to subjects.',
      { status, registryCode: b.error_code },
    );
  }
  return new RegistryError(
    'registry-error',
    `the schema registry at ${url} answered HTTP ${status}${detail}`,
    "Check URL: it should be the registry's base address.",
    { status, registryCode: b.error_code },
  );
}

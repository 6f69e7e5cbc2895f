/**
 * VALIDATE CONNECTION for a schema registry: `GET /subjects` with the connection's credentials
 * and TLS settings, bounded in time; any failure becomes a RegistryError that says what to change.
 */
import { DEFAULT_VALIDATION_TIMEOUT_MS } from '../kafka/validate-connection.ts';
import { diagnoseRegistryFailure, RegistryError, registryErrorFromResponse } from './registry-error.ts';
import { registryRequest } from './registry-request.ts';
import type { RegistrySpec } from './registry-spec.ts';

export async function validateRegistryConnection(
  spec: RegistrySpec,
  timeoutMs = DEFAULT_VALIDATION_TIMEOUT_MS,
): Promise<{ subjects: number }> {
  let response: Awaited<ReturnType<typeof registryRequest>>;
  try {
    response = await registryRequest(spec, 'GET', 'subjects', { timeoutMs });
  } catch (err) {
    throw diagnoseRegistryFailure(err, spec.url);
  }
  if (response.status !== 200) throw registryErrorFromResponse(response.status, response.body, spec.url);
  if (!Array.isArray(response.body)) {
    throw new RegistryError(
      'not-a-registry',
      `${spec.url} answered GET /subjects with something other than a list of subjects`,
      "Check URL: it should be the registry's base address (for Apicurio, the /apis/ccompat/v7 path).",
    );
  }
  return { subjects: response.body.length };
}

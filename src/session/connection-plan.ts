/**
 * CREATE CONNECTION, planned: the written options checked against each other and turned into what
 * the catalog keeps (no secret values: a secret is kept as the name of the SECRET item that holds it),
 * and resolved back into a client spec, with the values read from the keychain, when a client is made.
 *
 * Rules (errors at the offending option):
 * - Kafka: exactly one of BROKER and BROKERS; SASL MECHANISMS, SASL USERNAME and SASL PASSWORD come
 *   together; SSL KEY and SSL CERTIFICATE come together; an explicit SECURITY PROTOCOL must agree with
 *   the options (SASL_* needs the SASL options, and the SASL options need SASL_*). Without SECURITY
 *   PROTOCOL, SASL means SASL_SSL (see effectiveSecurityProtocol).
 * - Schema registry: URL is required and must be an http(s) URL; PASSWORD needs USERNAME; SSL KEY and
 *   SSL CERTIFICATE come together.
 */

import type { JsonObject } from '../catalog/item.ts';
import type { RegistrySpec } from '../connectors/csr/registry-spec.ts';
import type {
  KafkaConnectionSpec,
  SaslMechanism,
  SecurityProtocol,
} from '../connectors/kafka/connection-spec.ts';
import { type CreateConnectionStatement, type ParsedOption, SqlError } from '../sql/index.ts';
import { itemName } from './object-names.ts';

/** A text option that may be written as a literal or as `SECRET name`. */
export type StoredText = { text: string } | { secret: string };

/** The TLS options a broker and a registry connection share. */
export interface StoredTls {
  sslKey?: { secret: string };
  sslCertificate?: StoredText;
  sslCertificateAuthority?: StoredText;
}

export interface StoredKafkaConnection extends StoredTls {
  type: 'kafka';
  brokers: string[];
  securityProtocol?: SecurityProtocol;
  saslMechanism?: SaslMechanism;
  saslUsername?: StoredText;
  saslPassword?: { secret: string };
  progressTopic?: string;
}

export interface StoredRegistryConnection extends StoredTls {
  type: 'confluent-schema-registry';
  url: string;
  username?: StoredText;
  password?: { secret: string };
}

export type StoredConnection = StoredKafkaConnection | StoredRegistryConnection;

export interface ConnectionPlan {
  stored: StoredConnection;
  /** Names of the SECRET items the connection uses (the session checks they exist and are secrets). */
  secrets: { name: string; at: number }[];
  validate: boolean;
}

export function planConnection(input: string, statement: CreateConnectionStatement): ConnectionPlan {
  const secrets: ConnectionPlan['secrets'] = [];
  const fail = (at: number, message: string, hint?: string): never => {
    throw SqlError.at(input, at, 'invalid_options', message, hint ? { hint } : {});
  };
  const body = statement.connection;
  const options = new Map<string, ParsedOption>(body.options.map((o) => [o.name, o as ParsedOption]));
  const text = (name: string): StoredText | undefined => {
    const option = options.get(name);
    if (!option) return undefined;
    if (option.value.kind === 'secret') {
      const secret = itemName(input, option.value.name);
      secrets.push({ name: secret, at: option.value.name.span.start });
      return { secret };
    }
    if (option.value.kind === 'string' || option.value.kind === 'word') return { text: option.value.value };
    return fail(option.value.span.start, `${name} takes a string or SECRET name`);
  };
  const secret = (name: string): { secret: string } | undefined => {
    const value = text(name);
    if (value && 'text' in value) {
      return fail(
        options.get(name)!.value.span.start,
        `${name} must be a secret`,
        `Store the value with CREATE SECRET and write ${name} = SECRET name.`,
      );
    }
    return value;
  };
  const plain = (name: string): string | undefined => {
    const value = text(name);
    if (value && 'secret' in value)
      return fail(options.get(name)!.value.span.start, `${name} cannot be a secret`);
    return value?.text;
  };
  const together = (a: string, b: string) => {
    const has = [options.get(a), options.get(b)];
    if (has[0] && !has[1]) fail(has[0].span.start, `${a} requires ${b}`);
    if (has[1] && !has[0]) fail(has[1].span.start, `${b} requires ${a}`);
  };
  /** SSL KEY, SSL CERTIFICATE and SSL CERTIFICATE AUTHORITY mean the same for a broker and a registry. */
  const tls = (): StoredTls => {
    together('SSL KEY', 'SSL CERTIFICATE');
    const stored: StoredTls = {};
    assign(stored, 'sslKey', secret('SSL KEY'));
    assign(stored, 'sslCertificate', text('SSL CERTIFICATE'));
    assign(stored, 'sslCertificateAuthority', text('SSL CERTIFICATE AUTHORITY'));
    return stored;
  };
  const validateOption = statement.withOptions.find((o) => o.name === 'VALIDATE');
  const validate = validateOption?.value.kind === 'boolean' ? validateOption.value.value : true;

  if (body.type === 'kafka') {
    const broker = options.get('BROKER');
    const brokers = options.get('BROKERS');
    if (broker && brokers) fail(brokers.span.start, 'cannot set both BROKER and BROKERS');
    if (!broker && !brokers) {
      fail(
        body.span.start,
        'must set one of BROKER or BROKERS',
        "Add BROKER 'host:port' with the bootstrap address your provider shows.",
      );
    }
    const list =
      brokers?.value.kind === 'string_list' ? brokers.value.values.map((v) => v.value) : [plain('BROKER')!];
    for (const [i, address] of list.entries()) {
      if (!/^[^\s:]+:\d{1,5}$/.test(address) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(address)) {
        const at =
          brokers?.value.kind === 'string_list'
            ? brokers.value.values[i]!.span.start
            : broker!.value.span.start;
        fail(
          at,
          `invalid broker address '${address}'`,
          "Write it as 'host:port', e.g. 'broker.example.com:9092'.",
        );
      }
    }
    const sasl = ['SASL MECHANISMS', 'SASL USERNAME', 'SASL PASSWORD'].map((n) => options.get(n));
    const firstSasl = sasl.find(Boolean);
    if (firstSasl && !sasl.every(Boolean)) {
      const missing = ['SASL MECHANISMS', 'SASL USERNAME', 'SASL PASSWORD'].filter((_, i) => !sasl[i]);
      fail(firstSasl.span.start, `SASL authentication also needs ${missing.join(' and ')}`);
    }
    const protocolOption = options.get('SECURITY PROTOCOL');
    const securityProtocol = protocolOption
      ? (plain('SECURITY PROTOCOL')!.toUpperCase() as SecurityProtocol)
      : undefined;
    if (securityProtocol && protocolOption) {
      const wantsSasl = securityProtocol.startsWith('SASL_');
      if (wantsSasl && !firstSasl) {
        fail(
          protocolOption.value.span.start,
          `SECURITY PROTOCOL ${securityProtocol} needs SASL MECHANISMS, SASL USERNAME and SASL PASSWORD`,
        );
      }
      if (!wantsSasl && firstSasl) {
        fail(
          firstSasl.span.start,
          `SASL options need SECURITY PROTOCOL SASL_PLAINTEXT or SASL_SSL, not ${securityProtocol}`,
        );
      }
    }
    const stored: StoredKafkaConnection = { type: 'kafka', brokers: list };
    if (securityProtocol) stored.securityProtocol = securityProtocol;
    const mechanism = plain('SASL MECHANISMS');
    if (mechanism) stored.saslMechanism = mechanism.toUpperCase() as SaslMechanism;
    assign(stored, 'saslUsername', text('SASL USERNAME'));
    assign(stored, 'saslPassword', secret('SASL PASSWORD'));
    Object.assign(stored, tls());
    assign(stored, 'progressTopic', plain('PROGRESS TOPIC'));
    return { stored, secrets, validate };
  }

  const urlOption = options.get('URL');
  if (!urlOption)
    fail(
      body.span.start,
      'must set URL',
      "Add URL 'https://registry.example.com' (the registry's base address).",
    );
  const url = plain('URL')!;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    fail(
      urlOption!.value.span.start,
      `invalid URL '${url}'`,
      "Write the registry's address with its scheme, e.g. 'https://registry.example.com:8081'.",
    );
  }
  if (options.get('PASSWORD') && !options.get('USERNAME'))
    fail(options.get('PASSWORD')!.span.start, 'PASSWORD requires USERNAME');
  const stored: StoredRegistryConnection = { type: 'confluent-schema-registry', url };
  assign(stored, 'username', text('USERNAME'));
  assign(stored, 'password', secret('PASSWORD'));
  Object.assign(stored, tls());
  return { stored, secrets, validate };
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

export function storedConnectionJson(stored: StoredConnection): JsonObject {
  return JSON.parse(JSON.stringify(stored)) as JsonObject;
}

/** Reads a secret's value; the session supplies it (keychain behind it). */
export type SecretReader = (name: string) => Promise<string>;

async function resolveText(value: StoredText | undefined, read: SecretReader): Promise<string | undefined> {
  if (!value) return undefined;
  return 'text' in value ? value.text : read(value.secret);
}

async function resolveTls(
  stored: StoredTls,
  read: SecretReader,
): Promise<{ ca?: string; cert?: string; key?: string } | undefined> {
  const ca = await resolveText(stored.sslCertificateAuthority, read);
  const cert = await resolveText(stored.sslCertificate, read);
  const key = await resolveText(stored.sslKey, read);
  if (!ca && !cert && !key) return undefined;
  return { ...(ca && { ca }), ...(cert && { cert }), ...(key && { key }) };
}

export async function resolveKafkaSpec(
  stored: StoredKafkaConnection,
  read: SecretReader,
): Promise<KafkaConnectionSpec> {
  const spec: KafkaConnectionSpec = { brokers: stored.brokers };
  if (stored.securityProtocol) spec.securityProtocol = stored.securityProtocol;
  if (stored.saslMechanism) {
    spec.sasl = {
      mechanism: stored.saslMechanism,
      username: (await resolveText(stored.saslUsername, read)) ?? '',
      password: (await resolveText(stored.saslPassword, read)) ?? '',
    };
  }
  const ssl = await resolveTls(stored, read);
  if (ssl) spec.ssl = ssl;
  return spec;
}

export async function resolveRegistrySpec(
  stored: StoredRegistryConnection,
  read: SecretReader,
): Promise<RegistrySpec> {
  const spec: RegistrySpec = { url: stored.url };
  const username = await resolveText(stored.username, read);
  if (username !== undefined)
    spec.auth = { username, password: (await resolveText(stored.password, read)) ?? '' };
  const ssl = await resolveTls(stored, read);
  if (ssl) spec.ssl = ssl;
  return spec;
}

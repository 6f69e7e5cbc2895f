/**
 * A throwaway PKI for the test broker, made with the openssl command line at every start.
 *
 * One CA signs a broker certificate (valid for 127.0.0.1 and localhost, so clients verify it for
 * real) and a client certificate for the mTLS listener. Everything is PEM, and the keys are PKCS#8,
 * which is what Kafka's built-in PEM key stores read: no Java keytool and no JKS/PKCS#12 passwords.
 * Keys are EC P-256 because they are generated in milliseconds (RSA would work the same way).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Long enough for a long-lived `npm run kafka` session; the certificates die with the broker anyway. */
const VALIDITY_DAYS = 30;

export interface TestPki {
  caPem: string;
  /** The broker's certificate followed by the CA's: the chain the broker presents. */
  brokerChainPem: string;
  brokerKeyPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** The same PEM text as files, for tools that want paths. */
  files: { ca: string; clientCert: string; clientKey: string };
}

// A private openssl configuration, so neither the system's openssl.cnf nor its defaults matter.
const OPENSSL_CONFIG = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[broker_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
`;

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd: dir });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('`openssl` was not found: the test broker needs it for its certificates');
    throw new Error(`openssl ${args[0]} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** A random positive 64-bit serial number, so no serial file is needed. */
function serial(): string {
  const bytes = randomBytes(8);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return `0x${bytes.toString('hex')}`;
}

async function newKey(dir: string, file: string): Promise<void> {
  // genpkey writes PKCS#8 ("BEGIN PRIVATE KEY"), the only key format Kafka's PEM store accepts.
  await openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
}

async function signedCertificate(
  dir: string,
  name: string,
  subject: string,
  extensions: string,
): Promise<void> {
  await newKey(dir, `${name}.key`);
  await openssl(dir, [
    'req',
    '-new',
    '-config',
    'openssl.cnf',
    '-key',
    `${name}.key`,
    '-subj',
    subject,
    '-out',
    `${name}.csr`,
  ]);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-set_serial',
    serial(),
    '-days',
    String(VALIDITY_DAYS),
    '-sha256',
    '-extfile',
    'openssl.cnf',
    '-extensions',
    extensions,
    '-out',
    `${name}.pem`,
  ]);
}

/** Creates the CA, broker and client certificates in `dir` (created if missing) and returns them. */
export async function makeTestPki(dir: string): Promise<TestPki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'openssl.cnf'), OPENSSL_CONFIG);
  await newKey(dir, 'ca.key');
  await openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-config',
    'openssl.cnf',
    '-extensions',
    'ca_ext',
    '-key',
    'ca.key',
    '-subj',
    '/CN=sluice test CA',
    '-set_serial',
    serial(),
    '-days',
    String(VALIDITY_DAYS),
    '-sha256',
    '-out',
    'ca.pem',
  ]);
  await Promise.all([
    signedCertificate(dir, 'broker', '/CN=localhost', 'broker_ext'),
    signedCertificate(dir, 'client', '/CN=sluice-test-client', 'client_ext'),
  ]);
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const caPem = read('ca.pem');
  return {
    caPem,
    brokerChainPem: read('broker.pem') + caPem,
    brokerKeyPem: read('broker.key'),
    clientCertPem: read('client.pem'),
    clientKeyPem: read('client.key'),
    files: {
      ca: join(dir, 'ca.pem'),
      clientCert: join(dir, 'client.pem'),
      clientKey: join(dir, 'client.key'),
    },
  };
}

/**
 * A real, Confluent-compatible schema registry for the tests: Apicurio Registry, in memory.
 *
 * Confluent's own Schema Registry is not on Maven Central; Apicurio Registry is, and it serves the
 * Confluent Schema Registry REST API ("ccompat") under /apis/ccompat/v7. So the URL the tests get is
 * `http://127.0.0.1:PORT/apis/ccompat/v7`: a base URL *with a path*, which every Confluent client
 * (including @kafkajs/confluent-schema-registry) appends `/subjects/...` to. sluice must do the same:
 * append to the URL it is given, never resolve an absolute path like `/subjects` against it.
 *
 * `startSchemaRegistry()`:
 *   1. fetches the registry with Maven once (apicurio.ts, pom.xml; cached in .cache/),
 *   2. writes its configuration into a private temporary directory: 127.0.0.1 and a free port, HTTP
 *      basic auth with one user and a random password (Quarkus' built-in properties realm, which
 *      Apicurio supports as its "basic auth" mode; no proxy in front), in-memory H2 storage, and
 *      BACKWARD as the global compatibility level (Confluent's default),
 *   3. starts the JVM under the lifeline wrapper of ../service-process.ts, which stops it when this
 *      process goes away, however it dies, and waits until the Confluent API answers an authenticated
 *      request.
 *
 * Where Apicurio's Confluent API differs from Confluent's own (checked by hand against 3.0.9; tests that
 * depend on these details would be testing Apicurio, not sluice):
 *   - responses are `application/json`, not `application/vnd.schemaregistry.v1+json`;
 *   - 401 responses have an empty body (Confluent: `{"error_code":401,"message":"Unauthorized"}`);
 *   - messages differ (e.g. the 409 text names Apicurio's RuleViolationException), error codes match for
 *     40401, 40402, 40403, 409 and 42201; a version that is not a number gives 40402, not 42202, and an
 *     unknown compatibility level gives HTTP 500 / error_code 0, not 42203;
 *   - GET /config/{subject} when no level was set for the subject: 404/40401 if the subject does not exist
 *     (Confluent: 404/40408; the client library only looks at the 404), but 200 `NONE` if it exists
 *     (Confluent: 404/40408), although the global BACKWARD is what is enforced. So the client's
 *     register(), which compares its `compatibility` option (default BACKWARD) with that answer, throws
 *     for a subject created without it; subjects it creates get BACKWARD set explicitly, so they work;
 *   - POST /compatibility/...?verbose=true gives no `messages`;
 *   - PUT /config answers `{"compatibilityLevel": ...}` (Confluent: `{"compatibility": ...}`).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePorts } from '../free-port.ts';
import { javaCommand } from '../maven-cache.ts';
import { logTail, type ServiceProcess, spawnService } from '../service-process.ts';
import type { TestRegistry } from '../test-env.ts';
import { defaultApicurioVersion, ensureApicurio, runnerJar } from './apicurio.ts';

export interface StartSchemaRegistryOptions {
  /** Apicurio Registry version; default: $APICURIO_VERSION, else the `apicurio.version` of pom.xml. */
  version?: string;
  /** Where the registry's output goes; default: `registry.log` in its temporary directory. */
  logFile?: string;
}

export interface SchemaRegistry {
  info: TestRegistry;
  /** The registry's own log (Quarkus/Apicurio output). Removed by stop() unless given in the options. */
  logFile: string;
  /** Stops the registry (its data is in memory) and removes its temporary directory. Idempotent. */
  stop(): Promise<void>;
}

/** The one user the registry accepts. The password is random per start. */
const USERNAME = 'sluice';
/** Where Apicurio serves the Confluent Schema Registry API (v7 is the newest ccompat version). */
const CCOMPAT_PATH = '/apis/ccompat/v7';
/** A cold start takes ~3 s here; a minute covers a slow, busy CI machine. */
const START_TIMEOUT_MS = 60_000;
/** How long the JVM gets for a clean shutdown before it is killed (it usually needs well under 1 s). */
const STOP_GRACE_MS = 10_000;
/** Between readiness probes. */
const PROBE_INTERVAL_MS = 200;
/** Start attempts: another process can take the free port we picked before the JVM binds it. */
const PORT_ATTEMPTS = 3;
/** Lines of the registry log put into a start-up error: enough to show the exception and its cause. */
const LOG_TAIL_LINES = 40;

/**
 * JVM options: a small heap (the tests register a handful of schemas), the serial collector and the
 * C1 compiler only (they start faster and use less memory; the registry is never a hot path in tests).
 */
const JVM_OPTIONS = [
  '-Xms64m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError', // a dead registry fails the tests clearly; a thrashing one only slows them
  '-XX:-UsePerfData', // no hsperfdata file in /tmp for a process nobody attaches a profiler to
  '-Djava.awt.headless=true',
  '-Dfile.encoding=UTF-8',
];

/**
 * The registry's configuration, read by Quarkus from `config/application.properties` in its working
 * directory (so the password is not on a command line, where `ps` shows it to every user). Everything
 * not set here keeps Apicurio's defaults, among them in-memory storage (`apicurio.storage.kind=sql`
 * with an H2 `jdbc:h2:mem:` database).
 */
function applicationProperties(port: number, password: string, tmp: string): string {
  return [
    '# Written by test/support/schema-registry/index.ts for one test run.',
    'quarkus.http.host=127.0.0.1',
    `quarkus.http.port=${port}`,
    '',
    "# HTTP basic auth, checked against one user in Quarkus' properties realm (no OpenID Connect).",
    "# Apicurio's AppAuthenticationMechanism uses Quarkus' basic mechanism when quarkus.http.auth.basic",
    '# is true, and its AuthorizedInterceptor then refuses anonymous requests with 401.',
    'quarkus.oidc.tenant-enabled=false',
    'quarkus.http.auth.basic=true',
    'quarkus.security.users.embedded.enabled=true',
    'quarkus.security.users.embedded.plain-text=true',
    `quarkus.security.users.embedded.users.${USERNAME}=${password}`,
    `quarkus.security.users.embedded.roles.${USERNAME}=sr-admin`,
    '',
    "# Confluent's default compatibility level (Apicurio's own default is no rule at all).",
    'apicurio.rules.global.compatibility=BACKWARD',
    '',
    '# In memory, and nothing written outside our temporary directory.',
    'apicurio.storage.kind=sql',
    'apicurio.storage.sql.kind=h2',
    `apicurio.import.work-dir=${tmp}`,
    `apicurio.storage.snapshot.location=${tmp}`,
    '',
    '# A quiet log: no access log, no per-request "principalId"/"roles" lines.',
    'quarkus.http.access-log.enabled=false',
    'quarkus.log.category."io.apicurio.registry.auth".level=WARN',
    '',
  ].join('\n');
}

function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Starts one JVM, in the registry's directory: Quarkus reads config/application.properties from there. */
function launch(dir: string, logFile: string, version: string, appDir: string): ServiceProcess {
  const java = [
    javaCommand(),
    ...JVM_OPTIONS,
    `-Djava.io.tmpdir=${join(dir, 'tmp')}`,
    '-jar',
    runnerJar(appDir, version),
  ];
  return spawnService({
    name: 'sluice-registry',
    command: java,
    dir,
    cwd: dir,
    logFile,
    graceMs: STOP_GRACE_MS,
  });
}

/** The HTTP status of an authenticated GET /subjects, or undefined while nothing answers yet. */
async function probe(url: string, auth: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${url}/subjects`, {
      headers: { authorization: auth },
      signal: AbortSignal.timeout(2_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined; // not listening yet (connection refused) or not answering yet
  }
}

/** Why a JVM that ended during start-up did, as far as its exit and log tell. */
function startupFailureHint(exit: string, tail: string): string {
  if (/UnsupportedClassVersionError/.test(tail)) {
    return `\n(this Apicurio Registry needs a newer Java than \`${javaCommand()}\`; 3.0.x runs on Java 17)`;
  }
  if (exit === 'exit code 127') {
    return `\n(\`${javaCommand()}\` was not found: the test schema registry needs Java 17+)`;
  }
  return '';
}

/**
 * Waits until the Confluent API answers an authenticated request. Returns 'ready', or 'port-taken'
 * when the JVM ended because another process got the port first; throws on any other failure.
 */
async function waitUntilReady(
  launched: ServiceProcess,
  url: string,
  auth: string,
  logFile: string,
): Promise<'ready' | 'port-taken'> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const exit = launched.exit;
    if (exit !== undefined) {
      const tail = logTail(logFile, LOG_TAIL_LINES);
      if (/seems to be in use|QuarkusBindException|Address already in use/i.test(tail)) return 'port-taken';
      const hint = startupFailureHint(exit, tail);
      throw new Error(
        `the schema registry ended during start-up (${exit}); its log ends with:\n${tail}${hint}`,
      );
    }
    const status = await probe(url, auth);
    if (status === 200) return 'ready';
    if (status !== undefined) {
      // Anything but 200 from a registry that is up means our configuration is wrong: no point waiting.
      throw new Error(
        `GET ${url}/subjects answered HTTP ${status} during start-up; the log:\n${logTail(logFile, LOG_TAIL_LINES)}`,
      );
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `the schema registry did not answer within ${START_TIMEOUT_MS / 1000} s; its log ends with:\n${logTail(logFile, LOG_TAIL_LINES)}`,
      );
    }
    await sleep(PROBE_INTERVAL_MS);
  }
}

/**
 * Makes GET /config say what the registry enforces. The `apicurio.rules.global.compatibility` default
 * already enforces BACKWARD, but Apicurio's GET /config reports NONE until a global level has been set
 * through the API; Confluent's reports BACKWARD from the start.
 */
async function setGlobalCompatibility(url: string, auth: string): Promise<void> {
  const res = await fetch(`${url}/config`, {
    method: 'PUT',
    headers: { authorization: auth, 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: 'BACKWARD' }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`PUT ${url}/config answered HTTP ${res.status}: ${body}`);
}

export async function startSchemaRegistry(options: StartSchemaRegistryOptions = {}): Promise<SchemaRegistry> {
  const version = options.version ?? process.env.APICURIO_VERSION ?? defaultApicurioVersion();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-registry-'));
  const logFile = options.logFile ?? join(dir, 'registry.log');
  const password = randomBytes(24).toString('base64url'); // [A-Za-z0-9_-]: safe in a properties file
  const auth = basicAuth(USERNAME, password);

  let launched: ServiceProcess | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await launched?.stop();
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    })();
    return stopping;
  };

  try {
    const appDir = await ensureApicurio(version);
    mkdirSync(join(dir, 'config'));
    mkdirSync(join(dir, 'tmp'));
    const header = `# Apicurio Registry ${version}, started by test/support/schema-registry/index.ts\n`;
    writeFileSync(logFile, header, { flag: 'a' });
    for (let attempt = 1; ; attempt++) {
      const { http: port } = await freePorts(['http']);
      const url = `http://127.0.0.1:${port}${CCOMPAT_PATH}`;
      const properties = applicationProperties(port, password, join(dir, 'tmp'));
      writeFileSync(join(dir, 'config', 'application.properties'), properties, { mode: 0o600 }); // holds the password
      launched = launch(dir, logFile, version, appDir);
      const outcome = await waitUntilReady(launched, url, auth, logFile);
      if (outcome === 'port-taken') {
        // Another process took the port between freePorts() and the JVM binding it: rare, try another.
        await launched.stop(); // it ended on its own, so our directory (and log) stays
        if (attempt < PORT_ATTEMPTS) continue;
        throw new Error(`the schema registry found no free port in ${attempt} tries`);
      }
      await setGlobalCompatibility(url, auth);
      return {
        info: {
          url,
          auth: { username: USERNAME, password },
          implementation: `Apicurio Registry ${version}`,
        },
        logFile,
        stop,
      };
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

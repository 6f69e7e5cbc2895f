/**
 * The Apache Kafka jars the test broker runs, fetched from Maven Central once and cached.
 *
 * There is no Kafka download in the repository and no tarball to unpack: Maven resolves
 * `org.apache.kafka:kafka_2.13` and its runtime dependencies (test/support/kafka/pom.xml) and copies
 * them into `.cache/kafka/<version>/libs` at the repository root (git-ignored). A marker file written
 * after a successful copy makes later runs skip Maven entirely, so only the first run needs the network.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';

const execFileAsync = promisify(execFile);

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const pomFile = join(import.meta.dirname, 'pom.xml');
/** Written after a complete copy; its presence means "the libs directory is usable". */
const MARKER = 'complete';
/** A first download pulls ~60 jars (~40 MB); generous so a slow network is not mistaken for a failure. */
const MAVEN_TIMEOUT_MS = 10 * 60_000;

/** The default broker version: the `kafka.version` property of the pom, so it is written down once. */
export function defaultKafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pomFile, 'utf8'));
  if (!match?.[1]) throw new Error(`no <kafka.version> property in ${pomFile}`);
  return match[1].trim();
}

/**
 * Returns the directory holding every jar of the given Kafka version, running Maven first when the
 * cache does not have it yet.
 */
export async function ensureKafkaJars(version: string): Promise<string> {
  // The version ends up in a path and a Maven property: accept only what version strings look like.
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(version)) throw new Error(`not a Kafka version: ${version}`);
  const versionDir = join(repoRoot, '.cache', 'kafka', version);
  const libs = join(versionDir, 'libs');
  if (existsSync(join(versionDir, MARKER)) && existsSync(libs)) return libs;

  // Copy into a private directory and rename it into place, so two runs fetching at the same time
  // (two terminals) never see each other's half-copied directory.
  mkdirSync(versionDir, { recursive: true });
  const partial = join(versionDir, `libs.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  try {
    await execFileAsync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        pomFile,
        `-Dkafka.version=${version}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${partial}`,
      ],
      { cwd: repoRoot, timeout: MAVEN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    try {
      rmdirSync(versionDir); // only if empty: a mistyped version leaves no directory behind
    } catch {
      // not empty (another run's copy) or already gone
    }
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(
        '`mvn` was not found: the test broker needs Maven (and Java 17+) to fetch Apache Kafka',
      );
    }
    // Maven prints colour resets even in batch mode (-B); strip them from the message.
    const output = stripVTControlCharacters(`${e.stdout ?? ''}${e.stderr ?? ''}`)
      .trim()
      .split('\n')
      .slice(-30) // the resolution error and Maven's advice below it
      .join('\n');
    throw new Error(`Maven could not fetch org.apache.kafka:kafka_2.13:${version}:\n${output || e.message}`);
  }
  if (!existsSync(join(partial, `kafka_2.13-${version}.jar`))) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`Maven finished but kafka_2.13-${version}.jar is not in ${partial}`);
  }
  if (existsSync(join(versionDir, MARKER)) && existsSync(libs)) {
    // Another run finished first; keep its copy.
    rmSync(partial, { recursive: true, force: true });
  } else {
    rmSync(libs, { recursive: true, force: true });
    renameSync(partial, libs);
    writeFileSync(join(versionDir, MARKER), `Apache Kafka ${version} jars copied by Maven\n`);
  }
  return libs;
}

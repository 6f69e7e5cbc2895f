/**
 * Java programs the tests run (the Kafka broker, the schema registry), fetched from Maven Central once
 * and cached in `.cache/<name>/<version>/` at the repository root (git-ignored).
 *
 * Nothing is vendored and there is no download script: a pom next to the caller says what to fetch, and
 * Maven fetches it (checksum-checked, through the user's own Maven settings: mirrors, proxies, local
 * repository) into a directory. A marker file written after a complete fetch makes later runs skip Maven
 * entirely, so only the first run needs the network.
 *
 * Maven fills a private `<dir>.partial-<pid>` directory that is renamed into place afterwards, so two
 * runs fetching at the same time (two terminals) never see each other's half-written directory; the
 * first to finish wins and the other throws its copy away.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';

const execFileAsync = promisify(execFile);

const repoRoot = resolve(import.meta.dirname, '..', '..');
/** Written after a complete fetch; its presence means "the directory is usable". */
const MARKER = 'complete';
/** A first download is tens to hundreds of MB; generous so a slow network is not mistaken for a failure. */
const MAVEN_TIMEOUT_MS = 10 * 60_000;
/** Lines of Maven's output put into an error: the resolution error and Maven's advice below it. */
const OUTPUT_TAIL_LINES = 30;

export interface MavenFetch {
  /** What is fetched, in messages: `Apache Kafka`. */
  title: string;
  /** Who needs it, in the "mvn was not found" message: `the test broker`. */
  neededBy: string;
  /** The cache folder: the fetch ends up in `.cache/<cacheName>/<version>/<dirName>`. */
  cacheName: string;
  dirName: string;
  version: string;
  pomFile: string;
  /** What Maven runs (after `mvn -q -B -f <pomFile>`) to fill `dir`. */
  goals(dir: string): string[];
  /** A file, relative to the filled directory, that only a complete fetch has. */
  proof: string;
}

/** A property of a pom (`<kafka.version>`), so a default version is written down in one place. */
export function pomProperty(pomFile: string, name: string): string {
  const tag = name.replace(/\./g, '\\.');
  const match = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(readFileSync(pomFile, 'utf8'));
  if (!match?.[1]) throw new Error(`no <${name}> property in ${pomFile}`);
  return match[1].trim();
}

/** The `java` that runs what this cache holds: $JAVA_HOME/bin/java, else the one on PATH. */
export function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Returns the cached directory of `fetch`, running Maven first when the cache does not have it yet. */
export async function fetchWithMaven(fetch: MavenFetch): Promise<string> {
  const { title, version } = fetch;
  // The version ends up in a path and a Maven property: accept only what version strings look like.
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(version)) throw new Error(`not a version of ${title}: ${version}`);
  const versionDir = join(repoRoot, '.cache', fetch.cacheName, version);
  const target = join(versionDir, fetch.dirName);
  const complete = () => existsSync(join(versionDir, MARKER)) && existsSync(join(target, fetch.proof));
  if (complete()) return target;

  mkdirSync(versionDir, { recursive: true });
  const partial = join(versionDir, `${fetch.dirName}.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  try {
    await execFileAsync('mvn', ['-q', '-B', '-f', fetch.pomFile, ...fetch.goals(partial)], {
      cwd: repoRoot,
      timeout: MAVEN_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
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
        `\`mvn\` was not found: ${fetch.neededBy} needs Maven (and Java 17+) to fetch ${title}`,
      );
    }
    // Maven prints colour resets even in batch mode (-B); strip them from the message.
    const output = stripVTControlCharacters(`${e.stdout ?? ''}${e.stderr ?? ''}`)
      .trim()
      .split('\n')
      .slice(-OUTPUT_TAIL_LINES)
      .join('\n');
    throw new Error(`Maven could not fetch ${title} ${version}:\n${output || e.message}`);
  }
  if (!existsSync(join(partial, fetch.proof))) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`Maven finished but ${fetch.proof} is not in ${partial}`);
  }
  if (complete()) {
    // Another run finished first; keep its copy.
    rmSync(partial, { recursive: true, force: true });
  } else {
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
    writeFileSync(join(versionDir, MARKER), `${title} ${version}, fetched by Maven\n`);
  }
  return target;
}

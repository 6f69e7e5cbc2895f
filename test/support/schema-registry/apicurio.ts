/**
 * The Apicurio Registry the tests run, fetched from Maven Central once and cached.
 *
 * Maven downloads the release assembly `io.apicurio:apicurio-registry-app:<version>:tar.gz:all` (a
 * ready-to-run Quarkus application: a runner jar plus lib/) and unpacks it into
 * `.cache/apicurio-registry/<version>/app` at the repository root (git-ignored); see pom.xml for the
 * how and why. A marker file written after a complete unpack makes later runs skip Maven entirely, so
 * only the first run needs the network (~110 MB).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const pomFile = join(import.meta.dirname, 'pom.xml');
/** Written after a complete unpack; its presence means "the app directory is usable". */
const MARKER = 'complete';
/** A first download is ~110 MB; generous so a slow network is not mistaken for a failure. */
const MAVEN_TIMEOUT_MS = 10 * 60_000;

/** The default Apicurio Registry version: the `apicurio.version` property of the pom, written down once. */
export function defaultApicurioVersion(): string {
  const match = /<apicurio\.version>([^<]+)<\/apicurio\.version>/.exec(readFileSync(pomFile, 'utf8'));
  if (!match?.[1]) throw new Error(`no <apicurio.version> property in ${pomFile}`);
  return match[1].trim();
}

/** The runnable jar inside an unpacked assembly. */
export function runnerJar(appDir: string, version: string): string {
  return join(appDir, `apicurio-registry-app-${version}-runner.jar`);
}

/**
 * Returns the directory holding the unpacked Apicurio Registry of the given version (the runner jar
 * and its lib/), running Maven first when the cache does not have it yet.
 */
export async function ensureApicurio(version: string): Promise<string> {
  // The version ends up in a path and a Maven property: accept only what version strings look like.
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(version))
    throw new Error(`not an Apicurio Registry version: ${version}`);
  const versionDir = join(repoRoot, '.cache', 'apicurio-registry', version);
  const app = join(versionDir, 'app');
  if (existsSync(join(versionDir, MARKER)) && existsSync(runnerJar(app, version))) return app;

  // Unpack into a private directory and rename it into place, so two runs fetching at the same time
  // (two terminals) never see each other's half-unpacked directory.
  mkdirSync(versionDir, { recursive: true });
  const partial = join(versionDir, `app.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  try {
    await execFileAsync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        pomFile,
        `-Dapicurio.version=${version}`,
        `-Dapicurio.dir=${partial}`,
        'dependency:get',
        'antrun:run',
      ],
      { cwd: repoRoot, timeout: MAVEN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(
        '`mvn` was not found: the test schema registry needs Maven (and Java 17+) to fetch Apicurio Registry',
      );
    }
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`Maven could not fetch Apicurio Registry ${version}:\n${output || e.message}`);
  }
  if (!existsSync(runnerJar(partial, version))) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`Maven finished but ${runnerJar(partial, version)} does not exist`);
  }
  if (existsSync(join(versionDir, MARKER)) && existsSync(runnerJar(app, version))) {
    // Another run finished first; keep its copy.
    rmSync(partial, { recursive: true, force: true });
  } else {
    rmSync(app, { recursive: true, force: true });
    renameSync(partial, app);
    writeFileSync(join(versionDir, MARKER), `Apicurio Registry ${version}, unpacked by Maven\n`);
  }
  return app;
}

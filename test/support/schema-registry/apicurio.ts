/**
 * The Apicurio Registry the tests run, fetched from Maven Central once and cached.
 *
 * Maven downloads the release assembly `io.apicurio:apicurio-registry-app:<version>:tar.gz:all` (a
 * ready-to-run Quarkus application: a runner jar plus lib/) and unpacks it into
 * `.cache/apicurio-registry/<version>/app` at the repository root; see pom.xml for the how and why, and
 * ../maven-cache.ts for the caching. A first run downloads ~110 MB.
 */
import { join } from 'node:path';
import { fetchWithMaven, pomProperty } from '../maven-cache.ts';

const pomFile = join(import.meta.dirname, 'pom.xml');

/** The default Apicurio Registry version: the `apicurio.version` property of the pom, written down once. */
export function defaultApicurioVersion(): string {
  return pomProperty(pomFile, 'apicurio.version');
}

const runnerJarName = (version: string) => `apicurio-registry-app-${version}-runner.jar`;

/** The runnable jar inside an unpacked assembly. */
export function runnerJar(appDir: string, version: string): string {
  return join(appDir, runnerJarName(version));
}

/**
 * Returns the directory holding the unpacked Apicurio Registry of the given version (the runner jar
 * and its lib/), running Maven first when the cache does not have it yet.
 */
export function ensureApicurio(version: string): Promise<string> {
  return fetchWithMaven({
    title: 'Apicurio Registry',
    neededBy: 'the test schema registry',
    cacheName: 'apicurio-registry',
    dirName: 'app',
    version,
    pomFile,
    goals: (dir) => [
      `-Dapicurio.version=${version}`,
      `-Dapicurio.dir=${dir}`,
      'dependency:get',
      'antrun:run',
    ],
    proof: runnerJarName(version),
  });
}

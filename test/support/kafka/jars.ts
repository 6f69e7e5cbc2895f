/**
 * The Apache Kafka jars the test broker runs, fetched from Maven Central once and cached.
 *
 * There is no Kafka download in the repository and no tarball to unpack: Maven resolves
 * `org.apache.kafka:kafka_2.13` and its runtime dependencies (test/support/kafka/pom.xml) and copies
 * them into `.cache/kafka/<version>/libs` at the repository root (see ../maven-cache.ts for the caching).
 */
import { join } from 'node:path';
import { fetchWithMaven, pomProperty } from '../maven-cache.ts';

const pomFile = join(import.meta.dirname, 'pom.xml');

/** The default broker version: the `kafka.version` property of the pom, so it is written down once. */
export function defaultKafkaVersion(): string {
  return pomProperty(pomFile, 'kafka.version');
}

/** Returns the directory holding every jar of the given Kafka version (~60 jars, ~40 MB on first use). */
export function ensureKafkaJars(version: string): Promise<string> {
  return fetchWithMaven({
    title: 'Apache Kafka',
    neededBy: 'the test broker',
    cacheName: 'kafka',
    dirName: 'libs',
    version,
    pomFile,
    goals: (dir) => [
      `-Dkafka.version=${version}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${dir}`,
    ],
    proof: `kafka_2.13-${version}.jar`,
  });
}

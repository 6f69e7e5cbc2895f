/**
 * The `env` of every result line: what the figures depend on, so two lines can be compared only
 * when they should be. Versions are read from the packages' own package.json files, not assumed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';

export interface Env {
  cpu: string;
  cores: number;
  node: string;
  /** Apache Kafka version of the broker, or null when no selected benchmark needed one. */
  kafka: string | null;
  kafkajs: string;
  sluice: string;
}

const require = createRequire(import.meta.url);

function packageVersion(packageJson: string): string {
  const { version } = JSON.parse(readFileSync(require.resolve(packageJson), 'utf8')) as { version: string };
  return version;
}

export function envInfo(kafkaVersion: string | null): Env {
  const cpuList = cpus();
  return {
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    node: process.version,
    kafka: kafkaVersion,
    kafkajs: packageVersion('kafkajs/package.json'),
    sluice: packageVersion('../../package.json'),
  };
}

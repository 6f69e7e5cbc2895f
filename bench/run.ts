/**
 * `npm run bench`: the benchmark suite described in shared/BENCHMARKS.md.
 * Benchmarks are added issue by issue; each prints one JSON line per result with its in-run baseline.
 */
process.stdout.write('no benchmarks yet: they arrive with the engine and sink issues\n');

/**
 * `npm run kafka`: the tests' Kafka broker, to play with by hand.
 *
 * Starts the same single-node broker `npm test` uses (test/support/kafka/broker.ts), prints how to
 * reach each listener, the users and passwords, the certificate files and a `CREATE CONNECTION` to
 * paste into sluice, then waits. Ctrl-C (or SIGTERM) stops the broker and removes its data. Set
 * KAFKA_VERSION to run another Apache Kafka version.
 */
import { startKafka } from '../test/support/kafka/broker.ts';
import { logTail } from '../test/support/service-process.ts';

/** When the broker dies on its own: enough of its log to show the exception and its cause. */
const LOG_TAIL_LINES = 40;

const out = (line = '') => process.stdout.write(`${line}\n`);

let stopRequested = false;
const stopSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
// Listening from the start also means a Ctrl-C during start-up waits for the broker to stop cleanly.
let onStopRequest: () => void = () => {
  stopRequested = true;
};
for (const signal of stopSignals) process.on(signal, () => onStopRequest());

out('Starting Apache Kafka (the first run downloads it with Maven)...');
const t0 = performance.now();
const broker = await startKafka();
const { info, tlsFiles } = broker;
const { users, listeners } = info;

out(`Apache Kafka ${info.version} is up after ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
out();
out('Listeners (127.0.0.1 only):');
out(`  PLAINTEXT       ${listeners.plaintext}`);
out(`  SASL_PLAINTEXT  ${listeners.saslPlaintext}   SCRAM-SHA-256, SCRAM-SHA-512, PLAIN`);
out(
  `  SASL_SSL        ${listeners.saslSsl}   SCRAM-SHA-256, SCRAM-SHA-512; certificate signed by the CA below`,
);
out(`  SSL (mTLS)      ${listeners.ssl}   client certificate required (the one below)`);
out();
out('Users:');
const user = (mechanism: string, { username, password }: { username: string; password: string }) =>
  out(`  ${mechanism.padEnd(15)} ${username.padEnd(16)} password ${password}`);
user('SCRAM-SHA-256', users.scramSha256);
user('SCRAM-SHA-512', users.scramSha512);
user('PLAIN', users.plain);
out();
out('Certificates (PEM):');
out(`  CA              ${tlsFiles.ca}`);
out(`  client cert     ${tlsFiles.clientCert}`);
out(`  client key      ${tlsFiles.clientKey}`);
out();
out(`Broker log: ${info.logFile}`);
out();
out('In sluice:');
out(`  CREATE SECRET kafka_password AS '${users.scramSha256.password}';`);
out(
  `  CREATE CONNECTION kafka TO KAFKA (BROKER '${listeners.saslPlaintext}', SECURITY PROTOCOL = 'SASL_PLAINTEXT', ` +
    `SASL MECHANISMS = 'SCRAM-SHA-256', SASL USERNAME = '${users.scramSha256.username}', ` +
    'SASL PASSWORD = SECRET kafka_password);',
);
out();
out('Ctrl-C stops the broker and removes its data.');

// Nothing else keeps Node running while we wait (the broker's process does not, by design).
const keepAlive = setInterval(() => {}, 60_000);

const stop = async (reason: string) => {
  out(`\n${reason}: stopping the broker...`);
  clearInterval(keepAlive);
  await broker.stop();
  out('Stopped; its data is removed.');
};

if (stopRequested) {
  await stop('interrupted during start-up');
} else {
  const reason = await new Promise<string>((resolve) => {
    onStopRequest = () => resolve('stop requested');
    void broker.exited.then((how) => resolve(`the broker ended on its own (${how})`));
  });
  if (reason !== 'stop requested') {
    process.exitCode = 1;
    // stop() removes the log with the rest of the broker's directory: show its end first.
    out(`\n${reason}; the end of its log:`);
    out(logTail(info.logFile, LOG_TAIL_LINES));
  }
  await stop(reason);
}
// Later signals while stopping are absorbed by the listeners above; the stop is already under way.

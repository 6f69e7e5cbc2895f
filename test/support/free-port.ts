/**
 * Free TCP ports on 127.0.0.1 for the test services, so several runs (two terminals, `npm run kafka`
 * next to `npm test`) never collide on fixed ports.
 *
 * Bind port 0, read what the kernel chose, close. All the ports asked for at once are held open
 * together, so they are distinct. Another process could still take one before the service binds it:
 * rare on a test machine, and it shows up as a clear "Address already in use" start error (the
 * schema registry retries with another port).
 */
import { createServer, type Server } from 'node:net';

/** One free port per name: `freePorts(['http'])` resolves to `{ http: 40123 }`. */
export async function freePorts<Name extends string>(names: readonly Name[]): Promise<Record<Name, number>> {
  const servers = await Promise.all(
    names.map(
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => s.address());
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  const result = {} as Record<Name, number>;
  names.forEach((name, i) => {
    const address = ports[i];
    if (!address || typeof address === 'string') throw new Error('no TCP port was assigned');
    result[name] = address.port;
  });
  return result;
}

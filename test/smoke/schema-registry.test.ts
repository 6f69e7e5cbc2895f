/**
 * Smoke test of the test schema registry, through the registry client sluice uses
 * (@kafkajs/confluent-schema-registry) with HTTP basic auth, the way sluice will talk to it.
 *
 * Every test uses its own subject, so the tests are independent of each other and of other files
 * sharing the same registry during a run.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { testEnv } from '../support/test-env.ts';

/** A subject no other test uses. */
function uniqueSubject(name: string): string {
  return `smoke-${name}-${randomUUID()}-value`;
}

/** A fresh client (its own empty cache), so every answer below comes from the registry. */
function client(password?: string): SchemaRegistry {
  const { url, auth } = testEnv().registry;
  return new SchemaRegistry({
    host: url,
    auth: { username: auth.username, password: password ?? auth.password },
  });
}

const orderV1 = {
  type: 'record',
  name: 'Order',
  namespace: 'sluice.smoke',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: 'double' },
  ],
};

function avro(schema: object) {
  return { type: SchemaType.AVRO, schema: JSON.stringify(schema) } as const;
}

/** A request straight to the registry's REST API (with the right credentials), for what the client hides. */
async function rawRequest(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const { url, auth } = testEnv().registry;
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
      'content-type': 'application/vnd.schemaregistry.v1+json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** The HTTP status the client library puts on the errors it throws for registry responses. */
function statusOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'status' in err
    ? (err as { status: number }).status
    : undefined;
}

describe('schema registry', () => {
  test('registering the same schema twice gives the same id', async () => {
    const subject = uniqueSubject('twice');
    const first = await client().register(avro(orderV1), { subject });
    const second = await client().register(avro(orderV1), { subject });
    assert.equal(typeof first.id, 'number');
    assert.equal(second.id, first.id);
    // One version under the subject, not two.
    const versions = await rawRequest('GET', `/subjects/${encodeURIComponent(subject)}/versions`);
    assert.deepEqual(versions, { status: 200, json: [1] });
    assert.equal(await client().getRegistryId(subject, 1), first.id);
  });

  test('a schema fetched by id is the schema that was registered', async () => {
    const subject = uniqueSubject('by-id');
    const { id } = await client().register(avro(orderV1), { subject });

    // A different client, with an empty cache, has to fetch the schema by id to decode.
    const record = { id: 42, amount: 12.5 };
    const encoded = await client().encode(id, record);
    assert.equal(encoded.readUInt8(0), 0, 'Confluent framing: magic byte 0');
    assert.equal(encoded.readInt32BE(1), id, 'Confluent framing: the schema id');
    // avsc decodes into an instance of a generated `Order` class: compare its fields.
    assert.deepEqual({ ...(await client().decode(encoded)) }, record);

    const fetched = (await client().getSchema(id)) as unknown as {
      name?: string;
      fields?: { name: string }[];
    };
    assert.equal(fetched.name, 'sluice.smoke.Order');
    assert.deepEqual(
      fetched.fields?.map((f) => f.name),
      ['id', 'amount'],
    );
  });

  test('an incompatible change under BACKWARD is refused with 409', async () => {
    const subject = uniqueSubject('backward');
    // The client registers with BACKWARD by default and sets it on the subject at the first registration.
    await client().register(avro(orderV1), { subject });

    // A new required field without a default: the new schema cannot read data written with the old one.
    const incompatible = { ...orderV1, fields: [...orderV1.fields, { name: 'status', type: 'string' }] };
    await assert.rejects(client().register(avro(incompatible), { subject }), (err) => {
      assert.equal(statusOf(err), 409, `expected HTTP 409, got ${String(err)}`);
      return true;
    });

    // What the registry itself answers: Confluent's error body, with error_code 409.
    const refused = await rawRequest('POST', `/subjects/${encodeURIComponent(subject)}/versions`, {
      schema: JSON.stringify(incompatible),
    });
    assert.equal(refused.status, 409);
    const body = refused.json as { error_code?: unknown; message?: unknown };
    assert.equal(body.error_code, 409);
    assert.equal(typeof body.message, 'string');

    // The same field with a default is a BACKWARD-compatible change and is accepted as version 2.
    const compatible = {
      ...orderV1,
      fields: [...orderV1.fields, { name: 'status', type: 'string', default: 'new' }],
    };
    const v2 = await client().register(avro(compatible), { subject });
    assert.equal(await client().getRegistryId(subject, 2), v2.id);
  });

  test('wrong credentials are refused with 401', async () => {
    const subject = uniqueSubject('auth');
    const { id } = await client().register(avro(orderV1), { subject });

    await assert.rejects(client('not-the-password').getSchema(id), (err) => {
      assert.equal(statusOf(err), 401, `expected HTTP 401, got ${String(err)}`);
      return true;
    });
    await assert.rejects(client('not-the-password').register(avro(orderV1), { subject }), (err) => {
      assert.equal(statusOf(err), 401, `expected HTTP 401, got ${String(err)}`);
      return true;
    });

    // And no credentials at all.
    const res = await fetch(`${testEnv().registry.url}/schemas/ids/${id}`);
    await res.arrayBuffer();
    assert.equal(res.status, 401);
  });
});

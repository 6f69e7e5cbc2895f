import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { REDACTED, Redactor, redact } from '../../src/secrets/redact.ts';

test('every occurrence of a value is masked', () => {
  assert.equal(
    redact('user=ada password=hunter2 again hunter2', ['hunter2']),
    `user=ada password=${REDACTED} again ${REDACTED}`,
  );
});

test('text without secrets, and empty values, leave the text unchanged', () => {
  assert.equal(redact('nothing to see', ['hunter2', '']), 'nothing to see');
  assert.equal(redact('nothing to see', []), 'nothing to see');
});

test('a value that contains another is masked whole, not piecewise', () => {
  assert.equal(redact('pw=abcdef', ['abc', 'abcdef']), `pw=${REDACTED}`);
  assert.equal(redact('pw=abcdef', ['abcdef', 'abc']), `pw=${REDACTED}`);
});

test('overlapping occurrences of two values leave no character of either', () => {
  assert.equal(redact('x abcdef y', ['abcd', 'cdef']), `x ${REDACTED} y`);
  assert.equal(redact('xyxyx', ['xyx']), REDACTED);
});

test('JSON-escaped and URI-encoded forms are masked too', () => {
  const value = 'p"a\\ss/wörd';
  assert.equal(redact(JSON.stringify({ password: value }), [value]), `{"password":"${REDACTED}"}`);
  assert.equal(
    redact(`sasl://ada:${encodeURIComponent(value)}@broker`, [value]),
    `sasl://ada:${REDACTED}@broker`,
  );
});

test('a Redactor forgets a value once it is deleted', () => {
  const r = new Redactor();
  r.add('hunter2');
  r.add('');
  assert.equal(r.redactError(new Error('auth failed for hunter2')), `auth failed for ${REDACTED}`);
  r.delete('hunter2');
  assert.equal(r.redact('hunter2'), 'hunter2');
});

test('for any text and secrets, no secret survives anywhere in the output', () => {
  // Secrets and text over a tiny alphabet to force overlaps; the mask shares no character with it,
  // so a secret can neither survive in a piece nor be re-formed across a mask.
  const alphabet = fc.constantFrom('a', 'b', 'c');
  const word = (min: number, max: number) =>
    fc.array(alphabet, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(word(0, 40), fc.array(word(1, 5), { maxLength: 4 }), (text, secrets) => {
      const out = redact(text, secrets);
      for (const piece of out.split(REDACTED)) {
        for (const s of secrets)
          assert.ok(!piece.includes(s), `${JSON.stringify(s)} survives in ${JSON.stringify(out)}`);
      }
      // Text outside every occurrence is kept, in order.
      if (secrets.every((s) => !text.includes(s))) assert.equal(out, text);
    }),
  );
});

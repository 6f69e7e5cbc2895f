/**
 * Keeping the catalog and an outside system (the keychain, Kafka) consistent when one statement
 * changes both.
 *
 * A SQLite transaction cannot wait for asynchronous work, so the two cannot commit together.
 * Instead the order is chosen so that a failure — or a SIGKILL between the two steps — leaves
 * something harmless behind, never a catalog item that points at nothing:
 *
 *   creating (CREATE SECRET):  effect first (keychain write), then the catalog transaction;
 *                              if the transaction throws, undo the effect.
 *                              Killed in between: an orphan keychain entry nobody references,
 *                              overwritten by the next CREATE SECRET of that name.
 *   removing (DROP SECRET):    the catalog transaction first, then the effect (keychain delete);
 *                              if the effect fails the drop stands and the caller warns.
 *                              Killed in between: again only an orphan keychain entry.
 *
 * Callers should validate first (`catalog.checkCreate`) so the common errors (name taken) happen
 * before the effect runs.
 */

export interface EffectThenCommit<T> {
  /** The outside change, e.g. `store.set(name, value)`. */
  effect: () => Promise<void>;
  /** The catalog change: synchronous, typically `() => catalog.create(item)`. */
  commit: () => T;
  /** Reverses `effect` when `commit` throws, e.g. `store.delete(name)` or restoring the old value. */
  undo: () => Promise<void>;
}

/**
 * Runs `effect`, then `commit`; if `commit` throws, runs `undo` and rethrows the commit error
 * (an undo failure is attached as `undoError` so it is not lost).
 */
export async function effectThenCommit<T>(steps: EffectThenCommit<T>): Promise<T> {
  await steps.effect();
  try {
    return steps.commit();
  } catch (err) {
    try {
      await steps.undo();
    } catch (undoError) {
      if (err instanceof Error) Object.assign(err, { undoError });
    }
    throw err;
  }
}

export interface CommitThenEffect<T> {
  commit: () => T;
  /** Given what `commit` returned (e.g. the dropped items), do the outside change. */
  effect: (committed: T) => Promise<void>;
}

export type CommitThenEffectResult<T> =
  | { committed: T; effectError?: undefined }
  | { committed: T; effectError: unknown };

/**
 * Runs `commit`, then `effect`. A failing `effect` does not undo the commit: it is returned as
 * `effectError` so the caller can warn ("dropped secret s, but could not remove it from the
 * keychain: …").
 */
export async function commitThenEffect<T>(steps: CommitThenEffect<T>): Promise<CommitThenEffectResult<T>> {
  const committed = steps.commit();
  try {
    await steps.effect(committed);
    return { committed };
  } catch (effectError) {
    return { committed, effectError };
  }
}

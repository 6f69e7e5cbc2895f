/**
 * "did you mean TABLE?" hints: the closest expected keyword or option name to a word the user
 * typed, by edit distance (optimal string alignment: a swap of two neighbours costs 1, so
 * `tabel` is 1 away from `TABLE`). Only close matches are offered; a wrong hint is worse than none.
 */

/** Edit distance between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prevPrev[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** How far a word of this length may be from a suggestion. */
function allowedDistance(length: number): number {
  if (length <= 2) return 0;
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return 3;
}

/**
 * The candidate closest to `word`, if one is close enough. Candidates are keywords or
 * multi-word names (`SASL MECHANISMS`); a word is compared with the whole name, with the name's
 * words joined by `_`, and with its first word (then only that word is suggested).
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const typed = word.toUpperCase();
  const limit = allowedDistance(typed.length);
  if (limit === 0 || typed.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const forms: [string, string][] = [
      [candidate, candidate],
      [candidate.replaceAll(' ', '_'), candidate],
    ];
    const first = candidate.split(' ')[0]!;
    if (first !== candidate) forms.push([first, first]);
    for (const [form, suggestion] of forms) {
      const d = editDistance(typed, form, limit);
      if (d < bestDistance && suggestion !== typed) {
        best = suggestion;
        bestDistance = d;
      }
    }
  }
  return best;
}

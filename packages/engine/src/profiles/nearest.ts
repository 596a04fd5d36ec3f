import { distance } from 'fastest-levenshtein';

/** Edit distance (insertions, deletions, substitutions), case-insensitive: `nMaxx` is 1 from `nMax`. */
export function editDistance(a: string, b: string): number {
  return distance(a.toLowerCase(), b.toLowerCase());
}

/** The candidate nearest to `word` by `editDistance` (ties: the first listed), or null when there are none. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

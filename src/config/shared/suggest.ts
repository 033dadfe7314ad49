/**
 * "Did you mean": the known name closest to a misspelt one, by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours, ignoring case).
 */

/** The edits (insert, delete, substitute, swap two neighbours) between two words, ignoring case. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const rows = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[x.length][y.length];
}

/** The known name closest to `word`, if one is within a third of its length (at least 1 edit): a likely misspelling, not a different word. */
export function closestName(word: string, known: readonly string[]): string | undefined {
  const limit = Math.min(Math.max(1, Math.floor(word.length / 3)), word.length - 1);
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(word, name);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** `did you mean "containerPort"? ` when a known name is close to `word`, else an empty string: to put before the list of known names. */
export function didYouMean(word: string, known: readonly string[]): string {
  const closest = closestName(word, known);
  return closest === undefined ? "" : `did you mean "${closest}"? `;
}

/** `message`, then `; did you mean "staging"?` when `word` is a string close to a known name: what is allowed first, the likely fix after it. */
export function withSuggestion(message: string, word: unknown, known: readonly string[]): string {
  const closest = typeof word === "string" ? closestName(word, known) : undefined;
  return closest === undefined ? message : `${message}; did you mean "${closest}"?`;
}

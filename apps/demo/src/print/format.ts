/** Numbers as the tables print them: thousands grouped, at most one decimal. */
export function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

export function rate(value: number): string {
  return value >= 100 ? count(value) : (Math.round(value * 10) / 10).toLocaleString("en-US");
}

export function ms(value: number): string {
  return value >= 100
    ? `${Math.round(value)} ms`
    : `${(Math.round(value * 10) / 10).toFixed(1)} ms`;
}

export function share(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${Math.round((part / whole) * 100)}%`;
}

/** Lays rows out in columns: the first left-aligned, the others right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Numbers as the report shows them. Anything not a finite number (a field an interrupted run left out) is a dash. */

const dash = "–";
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

export function formatCount(value: unknown): string {
  return isNumber(value) ? integer.format(value) : dash;
}

/** Rates and such: one decimal below 100, whole numbers above. */
export function formatRate(value: unknown): string {
  if (!isNumber(value)) return dash;
  return Math.abs(value) < 100 ? oneDecimal.format(value) : integer.format(value);
}

/** Milliseconds: two decimals below 10 ms, where sub-millisecond latencies live. */
export function formatMs(value: unknown): string {
  if (!isNumber(value)) return dash;
  if (Math.abs(value) < 10) return `${value.toFixed(2)} ms`;
  return `${oneDecimal.format(value)} ms`;
}

export function formatShare(part: number, whole: number): string {
  if (!isNumber(part) || !isNumber(whole) || whole <= 0) return dash;
  return `${oneDecimal.format((part / whole) * 100)}%`;
}

export function formatSeconds(ms: unknown): string {
  return isNumber(ms) ? `${oneDecimal.format(ms / 1000)} s` : dash;
}

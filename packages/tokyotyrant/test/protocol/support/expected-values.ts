/* Test-side readings of reply elements, written simply and independently of the decoders. */

export const ok = (value: unknown) => ({ ok: true, value });

export function pairs(list: readonly Buffer[]): [Buffer, Buffer][] {
  const out: [Buffer, Buffer][] = [];
  for (let i = 0; i + 1 < list.length; i += 2) out.push([list[i]!, list[i + 1]!]);
  return out;
}

/** NUL-joined columns, split the simple way: every NUL separates, an odd last field is dropped. */
export function splitColumns(bytes: Buffer): Map<string, Buffer> {
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0) {
      parts.push(bytes.subarray(from, i));
      from = i + 1;
    }
  }
  return new Map(pairs(parts).map(([n, v]) => [n.toString(), v]));
}

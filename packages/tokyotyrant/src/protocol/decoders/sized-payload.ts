import { copyOut, readLength } from "./length-field.js";
import type { PayloadReader } from "./status-then.js";

/** `u32 length | bytes`: the value of `get`, the key of `iternext`, the result of `ext`. */
export function sizedPayload(cap: number, what: string): PayloadReader<Buffer> {
  return (bytes, start, end) => {
    if (end - start < 4) return undefined;
    const length = readLength(bytes, start, cap, what);
    const dataEnd = start + 4 + length;
    if (dataEnd > end) return undefined;
    return { value: copyOut(bytes, start + 4, dataEnd), end: dataEnd };
  };
}

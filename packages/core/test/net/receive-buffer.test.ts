import { describe, expect, it } from "vitest";
import { ReceiveBuffer } from "../../src/net/receive-buffer.js";

function pending(buffer: ReceiveBuffer): string {
  return buffer.bytes.toString("latin1", buffer.start, buffer.end);
}

describe("ReceiveBuffer", () => {
  it("uses a chunk as it is while nothing else is buffered", () => {
    const buffer = new ReceiveBuffer();
    const chunk = Buffer.from("hello");
    buffer.append(chunk);
    expect(buffer.bytes).toBe(chunk);
    expect(pending(buffer)).toBe("hello");
  });

  it("joins chunks and keeps only what is not consumed", () => {
    const buffer = new ReceiveBuffer();
    buffer.append(Buffer.from("abc"));
    buffer.consumeTo(buffer.start + 1);
    buffer.append(Buffer.from("def"));
    expect(pending(buffer)).toBe("bcdef");
    buffer.consumeTo(buffer.end);
    expect(buffer.length).toBe(0);
  });

  it("keeps every byte in order across growth and compaction", () => {
    const buffer = new ReceiveBuffer();
    let expected = "";
    let state = 7;
    for (let round = 0; round < 2000; round++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const size = state % 3000;
      const chunk = Buffer.alloc(size, 97 + (round % 26));
      buffer.append(chunk);
      expected += chunk.toString("latin1");
      const consume = Math.min(buffer.length, (state >> 8) % 3500);
      expect(pending(buffer).slice(0, consume)).toBe(expected.slice(0, consume));
      buffer.consumeTo(buffer.start + consume);
      expected = expected.slice(consume);
      expect(buffer.length).toBe(expected.length);
    }
    expect(pending(buffer)).toBe(expected);
  });
});

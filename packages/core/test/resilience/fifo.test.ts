import { describe, expect, it } from "vitest";
import { Fifo } from "../../src/resilience/fifo.js";

describe("Fifo", () => {
  it("keeps order across pushes and shifts, and reports its size", () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 5; i++) fifo.push(i);
    expect(fifo.shift()).toBe(0);
    fifo.push(5);
    expect(fifo.size).toBe(5);
    expect([...fifo]).toEqual([1, 2, 3, 4, 5]);
    expect(fifo.peek()).toBe(1);
  });

  it("drops spent items from the front only", () => {
    const fifo = new Fifo<{ done: boolean; n: number }>();
    const items = [true, true, false, true].map((done, n) => ({ done, n }));
    for (const item of items) fifo.push(item);
    fifo.dropWhile((item) => item.done);
    expect([...fifo].map((i) => i.n)).toEqual([2, 3]);
  });

  it("stays correct through many cycles of bulk reclaiming", () => {
    const fifo = new Fifo<number>();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 3000; i++) fifo.push(next++);
      for (let i = 0; i < 2500; i++) expect(fifo.shift()).toBe(expected++);
    }
    expect(fifo.size).toBe(next - expected);
    expect(fifo.peek()).toBe(expected);
  });

  it("is empty after clear, and shift on empty is undefined", () => {
    const fifo = new Fifo<string>();
    fifo.push("a");
    fifo.clear();
    expect(fifo.size).toBe(0);
    expect(fifo.shift()).toBeUndefined();
    expect(fifo.peek()).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import {
  BUCKET_MS,
  bucketEndAtOrBefore,
  bucketEndFor,
  decodeKeyList,
  ExpiryIndexKeys,
  encodeKeyList,
} from "../../src/tier/expiry-index.js";

describe("expiry index of a hash database", () => {
  it("puts an expiry in the bucket that ends at or after it", () => {
    expect(bucketEndFor(BUCKET_MS)).toBe(BUCKET_MS);
    expect(bucketEndFor(BUCKET_MS + 1)).toBe(2 * BUCKET_MS);
    expect(bucketEndFor(2 * BUCKET_MS - 1)).toBe(2 * BUCKET_MS);
    expect(bucketEndAtOrBefore(2 * BUCKET_MS - 1)).toBe(BUCKET_MS);
    expect(bucketEndAtOrBefore(2 * BUCKET_MS)).toBe(2 * BUCKET_MS);
  });

  it("names its records with a 0xFF byte, which no UTF-8 key contains", () => {
    const keys = new ExpiryIndexKeys("app:");
    for (const record of [keys.cursor(), keys.bucket(1_700_000_010_000)]) {
      expect(record[0]).toBe(0xff);
      expect(record.includes(Buffer.from("app:"))).toBe(true);
    }
    expect(keys.bucket(10_000).toString("latin1")).toBe("\xfftier-ttl\xffapp:\xffb10000");
  });

  it("keeps the records of different key prefixes apart, even when one prefix starts another", () => {
    const base = (keys: ExpiryIndexKeys): Buffer => keys.cursor().subarray(0, -"cursor".length);
    const a = new ExpiryIndexKeys("a");
    const ab = new ExpiryIndexKeys("ab");
    expect(ab.bucket(10_000).subarray(0, base(a).length).equals(base(a))).toBe(false);
    expect(a.bucket(10_000).subarray(0, base(ab).length).equals(base(ab))).toBe(false);
  });

  it("round-trips key lists, appended in pieces as putcat does", () => {
    const keys = ["a", "", "日本語", "k\0with\0nul", "x".repeat(1000)].map((k) => Buffer.from(k));
    const record = Buffer.concat([encodeKeyList(keys.slice(0, 2)), encodeKeyList(keys.slice(2))]);
    const decoded = decodeKeyList(record);
    expect(decoded.intact).toBe(true);
    expect(decoded.keys.map((k) => k.toString())).toEqual(keys.map((k) => k.toString()));
  });

  it("keeps the whole keys of a torn record and says it was torn", () => {
    const record = encodeKeyList([Buffer.from("first"), Buffer.from("second")]);
    for (let cut = 0; cut < record.length; cut++) {
      const decoded = decodeKeyList(record.subarray(0, cut));
      const whole = cut >= 9 ? ["first"] : [];
      expect(decoded.keys.map((k) => k.toString())).toEqual(whole);
      expect(decoded.intact).toBe(cut === 0 || cut === 9);
    }
  });
});

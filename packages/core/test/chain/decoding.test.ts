import { afterEach, describe, expect, it } from "vitest";
import { encodeEnvelope } from "../../src/codec/envelope.js";
import { type ChainEvents, jsonCodec } from "../../src/index.js";
import type { Row } from "../helpers/counting-source.js";
import {
  chainTracker,
  rowFor,
  settleBackfill,
  storedRow,
  twoTierChain,
} from "../helpers/fixtures.js";

const { track, closeAll } = chainTracker();
afterEach(closeAll);

describe("undecodable bytes are a miss plus an event (rule 13)", () => {
  it("garbage in a tier falls through to the next, is reported, and is overwritten by the backfill", async () => {
    const { chain, l1, source } = track(twoTierChain());
    l1.data.set("k", Buffer.from("garbage \u0000\r\n"));
    const errors: ChainEvents["decodeError"][] = [];
    chain.on("decodeError", (e) => errors.push(e));
    expect(await chain.get("k")).toEqual(rowFor("k"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ tier: "l1", key: "k", error: { code: "E_DECODE_FAILED" } });
    expect(source.calls).toEqual([["k"]]);
    await settleBackfill();
    expect(l1.data.get("k")).toEqual(storedRow("k"));
    expect(chain.stats().tiers[0]).toMatchObject({ decodeErrors: 1, misses: 1 });
  });

  it("another key's entry stored under this key is never returned as this key's value", async () => {
    const { chain, l1 } = track(twoTierChain());
    l1.data.set("user:2", storedRow("user:1"));
    expect(await chain.get("user:2")).toEqual(rowFor("user:2"));
  });

  it("a tier answering keys it was not asked for cannot inject them", async () => {
    const { chain, l1 } = track(twoTierChain({}, { l2: false }));
    l1.getMany = async () => new Map([["other", storedRow("other")]]);
    expect(await chain.get("mine")).toEqual(rowFor("mine"));
  });

  it("an entry with an undecodable payload but a valid header is a miss too", async () => {
    const { chain, l1 } = track(twoTierChain());
    const good = Buffer.from(encodeEnvelope("k", jsonCodec<Row>(), rowFor("k"), 0));
    good[16] = 0; // plain mode byte kept...
    good[17] = 0x7d; // ...but the JSON now starts with "}"
    l1.data.set("k", good);
    expect(await chain.get("k")).toEqual(rowFor("k"));
    expect(chain.stats().tiers[0]!.decodeErrors).toBe(1);
  });
});

import { connect } from "node:net";
import { type MemcachedServer, startMemcached } from "@tier/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyEncoder, type WireKey } from "../../src/keys/index.js";
import {
  encodeMetaGet,
  encodeMetaGetBatch,
  encodeMetaSet,
  metaGetBatchDecoder,
  metaGetReplyDecoder,
  metaSetReplyDecoder,
} from "../../src/protocol/index.js";
import { MetaConnection } from "../protocol/meta-connection.js";

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));
let server: MemcachedServer;
let connection: MetaConnection;
const keys = new KeyEncoder({ longKeys: "hash" });

beforeAll(async () => {
  server = await startMemcached();
  connection = await MetaConnection.open(server.port);
});

afterAll(async () => {
  connection?.close();
  await server?.stop();
});

async function set(key: WireKey, value: string): Promise<string> {
  return (await connection.send(encodeMetaSet(key, utf8(value)), metaSetReplyDecoder(key))).kind;
}

async function read(key: WireKey): Promise<string | undefined> {
  const options = { returnValue: true, returnKey: true };
  const reply = await connection.send(
    encodeMetaGet(key, options),
    metaGetReplyDecoder(key, options),
  );
  return reply.kind === "hit" ? Buffer.from(reply.value as Uint8Array).toString("utf8") : undefined;
}

/** Sends raw text on a fresh connection; resolves with the reply once it contains `until`. */
function raw(request: string | Buffer, until: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: server.port });
    let received = "";
    socket.setEncoding("latin1");
    socket.on("connect", () => socket.write(request));
    socket.on("data", (text: string) => {
      received += text;
      if (received.includes(until)) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on("error", reject);
  });
}

const HOSTILE = [
  "a b",
  "a_b",
  "a%20b",
  " ",
  "\r\n",
  "a\r\nb",
  "k\r\nset x 0 0 1\r\nX\r\n",
  "\t",
  "\u0000",
  "a\u0000b",
  "\u007f",
  "caf\u00e9",
  "cafe\u0301",
  "emoji-😀🎉",
  "日本語のキー",
  "Key",
  "key",
  "KEY",
];

describe("keys against a real memcached", () => {
  it("stores hostile keys under their exact bytes, each distinct from its look-alikes", async () => {
    const wire = HOSTILE.map((k) => keys.encode(k));
    for (const [i, key] of wire.entries()) expect(await set(key, `value ${i}`)).toBe("stored");
    for (const [i, key] of wire.entries()) expect(await read(key)).toBe(`value ${i}`);
    const options = { returnValue: true };
    const batch = await connection.send(
      encodeMetaGetBatch(wire, options, 0),
      metaGetBatchDecoder(wire, options, 0),
    );
    expect(
      batch.map((r) => (r.kind === "hit" ? Buffer.from(r.value as Uint8Array).toString() : r.kind)),
    ).toEqual(HOSTILE.map((_, i) => `value ${i}`));
  });

  it("echoes a base64 key as the same base64 text with the b flag, and me shows the stored bytes", async () => {
    const key = keys.encode("a b\r\n");
    await set(key, "v");
    const options = { returnKey: true };
    const reply = await connection.send(
      encodeMetaGet(key, options),
      metaGetReplyDecoder(key, options),
    );
    expect(reply).toMatchObject({ kind: "hit", flags: { key: key.text, base64Key: true } });
    const debug = await raw(`me ${key.text} b\r\n`, "\r\n");
    expect(debug.startsWith(`ME ${key.text} `)).toBe(true);
    expect(Buffer.from(key.text, "base64").toString("latin1")).toBe("a b\r\n");
  });

  it("a key carrying flush_all flushes nothing", async () => {
    const canary = keys.encode("canary");
    await set(canary, "alive");
    const evil = keys.encode("k\r\nflush_all\r\n");
    expect(await set(evil, "evil")).toBe("stored");
    expect(await read(evil)).toBe("evil");
    expect(await read(canary)).toBe("alive");
  });

  it("a key carrying a set command creates nothing", async () => {
    expect(await set(keys.encode("k\r\nset forged 0 0 1\r\nX\r\n"), "v")).toBe("stored");
    expect(await raw("get forged\r\n", "END\r\n")).toBe("END\r\n");
  });

  it("plain keys are stored under their own name, as PHP and C clients see them", async () => {
    await set(keys.encode("shared:42"), "from node");
    expect(await raw("get shared:42\r\n", "END\r\n")).toBe(
      "VALUE shared:42 0 9\r\nfrom node\r\nEND\r\n",
    );
  });

  it("takes the longest keys each form allows; a longer base64 key is refused by the server itself", async () => {
    const longestPlain = keys.encode("p".repeat(250));
    const longestEncoded = keys.encode(" ".repeat(186));
    const hashed = keys.encode("h".repeat(1000));
    for (const key of [longestPlain, longestEncoded, hashed]) {
      expect(await set(key, "edge")).toBe("stored");
      expect(await read(key)).toBe("edge");
    }
    // 187 raw bytes need 252 base64 characters: memcached checks its 250 limit on the text.
    const tooLong = Buffer.from(" ".repeat(187)).toString("base64");
    expect(await raw(`mg ${tooLong} b v\r\nmn\r\n`, "MN\r\n")).toBe(
      "CLIENT_ERROR bad command line format\r\nMN\r\n",
    );
  });

  it("two long keys differing only at the end stay apart when hashed", async () => {
    const a = keys.encode(`${"x".repeat(999)}a`);
    const b = keys.encode(`${"x".repeat(999)}b`);
    await set(a, "A");
    await set(b, "B");
    expect(await read(a)).toBe("A");
    expect(await read(b)).toBe("B");
  });
});

import type { RawClient } from "./raw-client.js";

/**
 * Readers for replies whose length the test cannot take from the recording: where the README lets
 * content differ (stat text, iteration order), the reply is read by its layout instead.
 */

async function uint32(client: RawClient): Promise<number> {
  return (await client.read(4)).readUInt32BE(0);
}

/** `status | [size:u32 | bytes]` (iternext): the payload only with status 0. */
export async function readStatusAndBytes(client: RawClient): Promise<Buffer> {
  const status = await client.read(1);
  if (status[0] !== 0) return status;
  const size = await client.read(4);
  return Buffer.concat([status, size, await client.read(size.readUInt32BE(0))]);
}

/** `status | size:u32 | bytes` (stat). */
export async function readSizedText(client: RawClient): Promise<Buffer> {
  const status = await client.read(1);
  const size = await client.read(4);
  return Buffer.concat([status, size, await client.read(size.readUInt32BE(0))]);
}

/** `status | n:u32 | n × (size:u32 | bytes)` (fwmkeys, misc), as its list of elements. */
export async function readElementList(
  client: RawClient,
): Promise<{ status: number; elements: Buffer[] }> {
  const status = (await client.read(1))[0]!;
  const count = await uint32(client);
  const elements: Buffer[] = [];
  for (let i = 0; i < count; i++) elements.push(await client.read(await uint32(client)));
  return { status, elements };
}

/** `00 | n:u32 | n × (ksiz | vsiz | key | value)` (mget), as its records. */
export async function readRecordList(
  client: RawClient,
): Promise<{ status: number; records: Buffer[][] }> {
  const status = (await client.read(1))[0]!;
  const count = await uint32(client);
  const records: Buffer[][] = [];
  for (let i = 0; i < count; i++) {
    const keySize = await uint32(client);
    const valueSize = await uint32(client);
    records.push([await client.read(keySize), await client.read(valueSize)]);
  }
  return { status, records };
}

/** The same list layouts, parsed from recorded bytes. */
export function parseElementList(bytes: Buffer): { status: number; elements: Buffer[] } {
  const count = bytes.readUInt32BE(1);
  const elements: Buffer[] = [];
  let at = 5;
  for (let i = 0; i < count; i++) {
    const size = bytes.readUInt32BE(at);
    elements.push(bytes.subarray(at + 4, at + 4 + size));
    at += 4 + size;
  }
  return { status: bytes[0]!, elements };
}

export function parseRecordList(bytes: Buffer): { status: number; records: Buffer[][] } {
  const count = bytes.readUInt32BE(1);
  const records: Buffer[][] = [];
  let at = 5;
  for (let i = 0; i < count; i++) {
    const keySize = bytes.readUInt32BE(at);
    const valueSize = bytes.readUInt32BE(at + 4);
    const key = bytes.subarray(at + 8, at + 8 + keySize);
    const value = bytes.subarray(at + 8 + keySize, at + 8 + keySize + valueSize);
    records.push([key, value]);
    at += 8 + keySize + valueSize;
  }
  return { status: bytes[0]!, records };
}

/** `stat` text as name → value. */
export function parseStatText(reply: Buffer): Map<string, string> {
  const text = reply.subarray(5).toString("latin1");
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.length === 0) continue;
    const tab = line.indexOf("\t");
    fields.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return fields;
}

/** A multiset of byte strings as sorted hex, for order-insensitive comparison. */
export function asSortedHex(items: readonly Buffer[]): string[] {
  return items.map((item) => item.toString("hex")).sort();
}

import { readFileSync } from "node:fs";

/** One recorded exchange with ttserver 1.1.41 (see the fixtures' README in the shared docs). */
export interface Exchange {
  readonly name: string;
  readonly db: "hash" | "table" | "memory";
  readonly request_hex: string;
  readonly response_hex: string;
  readonly note: string;
}

export const DATABASES = ["hash", "table", "memory"] as const;

export function loadTranscript(db: (typeof DATABASES)[number]): Exchange[] {
  const url = new URL(`../../fixtures/transcripts/${db}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Exchange[];
}

/**
 * What the note after "=>" says about each reply of the exchange (pipelined exchanges list one
 * reply per " | "-separated part). Quoted strings are the reply bytes read as latin1.
 */
export interface NotedReply {
  readonly status: number;
  readonly len?: number;
  readonly value?: Buffer;
  readonly number?: number;
  readonly count?: number;
  readonly list?: Buffer[];
  readonly textlen?: number;
}

export interface NotedOutcome {
  /** One entry per reply; a `null` entry is a request the server does not answer (putnr). */
  readonly replies: (NotedReply | null)[];
  readonly serverClosed: boolean;
}

export function notedOutcome(exchange: Exchange): NotedOutcome {
  const tail = exchange.note.slice(exchange.note.lastIndexOf("=>") + 2).trim();
  const serverClosed = tail.includes("server closed the connection");
  const replies: (NotedReply | null)[] = [];
  for (const part of tail.split(" | ")) {
    if (part.startsWith("no response")) replies.push(null);
    else if (part.startsWith("status=")) replies.push(parseReply(part));
  }
  return { replies, serverClosed };
}

function parseReply(part: string): NotedReply {
  const field = (name: string) => new RegExp(`(?:^| )${name}=(-?[\\d.]+)`).exec(part)?.[1];
  const quoted = /value="((?:[^"\\]|\\.)*)"/.exec(part)?.[1];
  const list = /(?:keys|elems)=(\[.*\])/.exec(part)?.[1];
  const number = quoted === undefined ? field("value") : undefined;
  return {
    status: Number(field("status")),
    ...(field("len") !== undefined && { len: Number(field("len")) }),
    ...(quoted !== undefined && { value: latin1(JSON.parse(`"${quoted}"`) as string) }),
    ...(number !== undefined && { number: Number(number) }),
    ...(field("count") !== undefined && { count: Number(field("count")) }),
    ...(list !== undefined && { list: (JSON.parse(list) as string[]).map(latin1) }),
    ...(field("textlen") !== undefined && { textlen: Number(field("textlen")) }),
  };
}

export function latin1(text: string): Buffer {
  return Buffer.from(text, "latin1");
}

/** The recorded big values: byte i is (i * 31 + 7) & 0xff. */
export function bigValue(length: number): Buffer {
  const value = Buffer.alloc(length);
  for (let i = 0; i < length; i++) value[i] = (i * 31 + 7) & 0xff;
  return value;
}

import { readFileSync } from "node:fs";

/** One recorded exchange with a real ttserver 1.1.41 (see the fixtures' README). */
export interface Exchange {
  readonly name: string;
  readonly db: "hash" | "table" | "memory";
  readonly request: Buffer;
  readonly response: Buffer;
  readonly note: string;
}

interface RawExchange {
  name: string;
  db: "hash" | "table" | "memory";
  request_hex: string;
  response_hex: string;
  note: string;
}

export type DatabaseKind = Exchange["db"];

export function loadTranscript(kind: DatabaseKind): Exchange[] {
  const url = new URL(`../../fixtures/transcripts/${kind}.json`, import.meta.url);
  const raw = JSON.parse(readFileSync(url, "utf8")) as RawExchange[];
  return raw.map((exchange) => ({
    name: exchange.name,
    db: exchange.db,
    request: Buffer.from(exchange.request_hex, "hex"),
    response: Buffer.from(exchange.response_hex, "hex"),
    note: exchange.note,
  }));
}

/** What the recording saw happen to the connection after the exchange. */
export type ConnectionOutcome = "kept" | "closed-by-server" | "left-open-idle";

export function connectionOutcome(exchange: Exchange): ConnectionOutcome {
  if (exchange.note.includes("server closed the connection")) return "closed-by-server";
  if (exchange.note.includes("connection still open after")) return "left-open-idle";
  return "kept";
}

/** Exchanges after which the connection is in its normal state, ready for the next request. */
export function isPlainExchange(exchange: Exchange): boolean {
  return connectionOutcome(exchange) === "kept";
}

import { invalidArgument } from "../errors.js";
import { elementsReply } from "./decoders/reply-shapes.js";
import { type MiscOptions, miscRead, miscWrite } from "./misc-command.js";
import { decimalElement, noResult } from "./misc-results.js";
import { type Reply, succeeded } from "./reply.js";
import type { DecoderFactory, TtRequest } from "./request.js";
import { checkColumnName, decodeTableColumns } from "./table-columns.js";
import { joinParts, type TableQuery } from "./table-query.js";

/*
 * Table searches through `misc search` / `misc metasearch` (PROTOCOL.md §5.4). The query's
 * arguments go first; the modifier (`get`, `count`, `out`) last, as the C client sends them.
 */

/** Per-call options of the table searches (`search`, `metasearch` and their `get`/`count`/`out`). */
export interface SearchOptions extends MiscOptions {
  /**
   * Send `hint` first, as the C client does: the server then appends its query-plan text as one
   * more element, which these requests strip from the result.
   */
  readonly hint?: boolean;
}

/** How `metasearch` combines the results of its queries (`TDBMS*`). */
export type SetOperation = "union" | "intersection" | "difference";

/** The number the server knows each `metasearch` set operation by. */
export const SET_OPERATIONS: Readonly<Record<SetOperation, number>> = Object.freeze({
  union: 0,
  intersection: 1,
  difference: 2,
});

/** The element the server appends after `hint`: two NULs and a marker, then the plan text. */
export const HINT_MARKER = Buffer.from("\0\0[[HINT]]\n", "latin1");

/** `search`: the primary keys of the matching records. */
export function tableSearchRequest(
  query: TableQuery,
  options: SearchOptions = {},
): TtRequest<Buffer[]> {
  const args = searchArgs(query.arguments(), [], options);
  return miscRead("search", args, options, pick(keysReplies, options));
}

/**
 * `search` with `get`: the matching records' columns. Without `columns`, each map holds every
 * column plus the primary key under the name `""`; with `columns`, only those (no primary key).
 */
export function tableSearchGetRequest(
  query: TableQuery,
  columns: readonly string[] = [],
  options: SearchOptions = {},
): TtRequest<Map<string, Buffer>[]> {
  for (const c of columns) checkColumnName(c);
  const args = searchArgs(query.arguments(), [joinParts(["get", ...columns])], options);
  return miscRead("search", args, options, pick(rowsReplies, options));
}

/** `search` with `count`: how many records match. */
export function tableSearchCountRequest(
  query: TableQuery,
  options: SearchOptions = {},
): TtRequest<number> {
  const args = searchArgs(query.arguments(), ["count"], options);
  return miscRead("search", args, options, pick(countReplies, options));
}

/** `search` with `out`: remove the matching records. Succeeds even when nothing matched. */
export function tableSearchOutRequest(
  query: TableQuery,
  options: SearchOptions = {},
): TtRequest<void> {
  const args = searchArgs(query.arguments(), ["out"], options);
  return miscWrite("search", args, options, noResultReply);
}

/**
 * `metasearch`: the primary keys from combining several queries by `operation`. The first
 * query's order and limit apply to the combined result.
 */
export function tableMetaSearchRequest(
  queries: readonly TableQuery[],
  operation: SetOperation,
  options: SearchOptions = {},
): TtRequest<Buffer[]> {
  if (queries.length === 0) throw invalidArgument("metasearch needs at least one query");
  const type = SET_OPERATIONS[operation];
  if (type === undefined) throw invalidArgument(`unknown metasearch operation "${operation}"`);
  const queryArgs: string[] = [];
  queries.forEach((query, i) => {
    if (i > 0) queryArgs.push("next");
    queryArgs.push(...query.arguments());
  });
  const args = searchArgs(queryArgs, [joinParts(["mstype", String(type)])], options);
  return miscRead("metasearch", args, options, pick(keysReplies, options));
}

/**
 * Drops the hint element the server appended because the request sent `hint`. Without `hint`
 * nothing is dropped: a primary key may look like anything.
 */
export function stripHint(elements: Buffer[], hintSent: boolean): Buffer[] {
  if (!hintSent) return elements;
  const last = elements.at(-1);
  if (last === undefined || !isHint(last)) return elements;
  return elements.slice(0, -1);
}

function isHint(element: Buffer): boolean {
  return element.subarray(0, HINT_MARKER.length).equals(HINT_MARKER);
}

function searchArgs(
  queryArgs: readonly string[],
  modifiers: readonly string[],
  options: SearchOptions,
): string[] {
  return options.hint === true
    ? ["hint", ...queryArgs, ...modifiers]
    : [...queryArgs, ...modifiers];
}

/** A reply interpreter in two versions: for requests sent without and with `hint`. */
interface Hintable<T> {
  readonly plain: DecoderFactory<T>;
  readonly hinted: DecoderFactory<T>;
}

function hintable<T>(interpret: (elements: Buffer[]) => Reply<T>): Hintable<T> {
  return {
    plain: elementsReply(interpret),
    hinted: elementsReply((elements) => interpret(stripHint(elements, true))),
  };
}

function pick<T>(replies: Hintable<T>, options: SearchOptions): DecoderFactory<T> {
  return options.hint === true ? replies.hinted : replies.plain;
}

const keysReplies = hintable<Buffer[]>(succeeded);
const rowsReplies = hintable(rows);
const countReplies = hintable(decimalElement);
const noResultReply = elementsReply(noResult);

function rows(elements: Buffer[]): Reply<Map<string, Buffer>[]> {
  return succeeded(elements.map(decodeTableColumns));
}

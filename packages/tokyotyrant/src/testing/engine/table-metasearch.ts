import { type BinaryString, fromBinaryString, toBinaryString } from "./binary-string.js";
import { equalsIgnoringAsciiCase, isCNumber, parseCInt32 } from "./c-text-number.js";
import { INT32_MAX } from "./native-number.js";
import type { QueryTarget } from "./query-target.js";
import { sortComparator } from "./result-order.js";
import type { TableQuery } from "./table-query.js";

/** How `metasearch` combines its queries (`TDBMS*`). */
export const MetasearchType = { union: 0, intersection: 1, difference: 2 } as const;

/** `tctdbstrtometasearcytype`: a name or a number; -1 when unknown (then: union). */
export function parseMetasearchType(text: Buffer): number {
  if (["UNION", "OR"].some((name) => equalsIgnoringAsciiCase(text, name)))
    return MetasearchType.union;
  if (["ISECT", "INTERSECTION", "AND"].some((name) => equalsIgnoringAsciiCase(text, name))) {
    return MetasearchType.intersection;
  }
  if (["DIFF", "DIFFERENCE", "ANDNOT", "NOT"].some((name) => equalsIgnoringAsciiCase(text, name))) {
    return MetasearchType.difference;
  }
  return isCNumber(text) ? parseCInt32(text) : -1;
}

/** Runs `query` with no limit (its own limit is applied to the combined result). */
function searchUnlimited(query: TableQuery, target: QueryTarget, keepLimit: boolean): Buffer[] {
  const { max, skip } = query;
  if (keepLimit) {
    if (query.max < INT32_MAX - query.skip) query.max += query.skip;
  } else {
    query.max = INT32_MAX;
  }
  query.skip = 0;
  try {
    return query.search(target);
  } finally {
    query.max = max;
    query.skip = skip;
  }
}

/**
 * `tctdbmetasearch`: the union, intersection or difference of several queries' results. The first
 * query's order and limit apply to the combined result, which keeps the first query's order for an
 * intersection or difference (later queries only narrow it) and insertion order for a union. The
 * combined hint, each line prefixed with `[n] `, ends up in the first query.
 */
export function metasearch(
  queries: readonly TableQuery[],
  type: number,
  target: QueryTarget,
): Buffer[] {
  const first = queries[0];
  if (!first) return [];
  if (queries.length < 2) return first.search(target);
  const order = first.orderColumn;
  const combined = new Map<BinaryString, Buffer | undefined>();
  if (type === MetasearchType.union) {
    for (const query of queries) {
      for (const primaryKey of searchUnlimited(query, target, true)) {
        const id = toBinaryString(primaryKey);
        if (order) combined.set(id, target.columnsOf(primaryKey)?.get(toBinaryString(order)));
        else if (!combined.has(id)) combined.set(id, undefined);
      }
    }
  } else if (type === MetasearchType.intersection || type === MetasearchType.difference) {
    for (const primaryKey of searchUnlimited(first, target, false)) {
      combined.set(toBinaryString(primaryKey), undefined);
    }
    for (const query of queries.slice(1)) {
      if (combined.size < 1) {
        query.hint = "omitted\n";
        continue;
      }
      const found = searchUnlimited(query, target, false).map(toBinaryString);
      if (type === MetasearchType.intersection) {
        const narrowed = new Map<BinaryString, Buffer | undefined>();
        for (const id of found) if (combined.has(id)) narrowed.set(id, undefined);
        combined.clear();
        for (const [id, value] of narrowed) combined.set(id, value);
      } else {
        for (const id of found) combined.delete(id);
      }
    }
  }
  let ids = [...combined.keys()];
  const compare = sortComparator(first.orderType);
  if (order && type === MetasearchType.union && compare) {
    ids = ids.sort((a, b) => compare(combined.get(a), combined.get(b)));
  }
  const result = ids.slice(first.skip, first.skip + first.max).map(fromBinaryString);
  let hint = "";
  queries.forEach((query, i) => {
    for (const line of query.hint.split("\n")) if (line.length > 0) hint += `[${i}] ${line}\n`;
    query.hint = "";
    query.count = 0;
  });
  first.hint = hint;
  first.count = result.length;
  return result;
}

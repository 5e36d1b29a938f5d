/**
 * Parses the `stat` text: `name\tvalue\n` lines. Fields vary by server, database type and state
 * (`path`, `fatal`, `mhost`...), so callers look them up by name; never by position.
 */
export function parseStatText(text: Uint8Array): Map<string, string> {
  const fields = new Map<string, string>();
  const decoded = Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString("utf8");
  for (const line of decoded.split("\n")) {
    if (line === "") continue;
    const tab = line.indexOf("\t");
    if (tab < 0) fields.set(line, "");
    else fields.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return fields;
}

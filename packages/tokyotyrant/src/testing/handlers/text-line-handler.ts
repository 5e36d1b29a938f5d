import { cString } from "../engine/binary-string.js";
import { answer, DROP, type HandlerResult } from "./handler-context.js";

const VERSION_REPLY = Buffer.from("VERSION 1.1.41\r\n", "latin1");

/**
 * A line of the text protocols ttserver also speaks on its port (memcached, HTTP). The test
 * server answers `version` like ttserver and treats every other line as one ttserver does not
 * understand: no reply and the connection is closed. (The real server also implements memcached's
 * storage commands and HTTP; a binary client never sends them.)
 */
export function handleTextLine(line: Buffer): HandlerResult {
  const words = cString(line)
    .toString("latin1")
    .split(/[ \t]+/)
    .filter((word) => word.length > 0);
  if (words[0] === "version") return answer(VERSION_REPLY);
  return DROP;
}

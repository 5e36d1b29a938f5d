import { connect } from "node:net";
import type { HostPort } from "./address.js";

/**
 * Connects, optionally sends `request`, and resolves true when the server accepts the connection
 * (and, with `expect`, answers with text that starts with it) within `timeoutMs`.
 */
export function probe(
  address: HostPort,
  timeoutMs: number,
  exchange?: { readonly request: string; readonly expect: string },
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address.host, port: address.port });
    let answer = "";
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once("error", () => finish(false));
    socket.once("connect", () => {
      if (exchange === undefined) finish(true);
      else socket.write(exchange.request);
    });
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => {
      answer += text;
      if (exchange !== undefined && answer.length >= exchange.expect.length) {
        finish(answer.startsWith(exchange.expect));
      }
    });
  });
}

import { connect } from "node:net";
import { DemoError } from "../errors.js";
import { formatAddress, type HostPort } from "./address.js";

/**
 * Empties a memcached server the demo does not own (`flush_all`), the nearest thing to a restart
 * it may do to someone else's server.
 */
export function flushMemcached(address: HostPort, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address.host, port: address.port });
    let answer = "";
    const fail = (cause: unknown): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(
        new DemoError(
          "E_SERVICE_UNAVAILABLE",
          `flush_all on memcached ${formatAddress(address)} failed`,
          {
            cause,
          },
        ),
      );
    };
    const timer = setTimeout(() => fail(new Error("no answer in time")), timeoutMs);
    socket.once("error", fail);
    socket.once("connect", () => socket.write("flush_all\r\n"));
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => {
      answer += text;
      if (!answer.includes("\r\n")) return;
      clearTimeout(timer);
      socket.destroy();
      if (answer.startsWith("OK")) resolve();
      else fail(new Error(answer.trim()));
    });
  });
}

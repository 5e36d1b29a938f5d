import { type FaultProxy, startFaultProxy } from "@tier/testkit/fault-proxy";
import { startTokyoTyrantTestServer, type TokyoTyrantTestServer } from "@tier/tokyotyrant/testing";
import type { StandInReply, StandInRequest } from "./stand-in-protocol.js";

/**
 * The stand-in process, the other side of {@link StandInHost}: it runs the fault proxies and the
 * TT-compatible test server on its own event loop and answers each request by its id.
 */
const proxies: FaultProxy[] = [];
let tokyoTyrant: TokyoTyrantTestServer | undefined;

async function handle(request: StandInRequest): Promise<Omit<StandInReply & { ok: true }, "id">> {
  switch (request.op) {
    case "startProxy": {
      const proxy = await startFaultProxy({ target: request.target });
      proxies.push(proxy);
      return {
        ok: true,
        proxy: proxies.length - 1,
        address: { host: proxy.host, port: proxy.port },
      };
    }
    case "setFault":
      proxyAt(request.proxy).setFault(request.fault);
      return { ok: true };
    case "clearFault":
      proxyAt(request.proxy).clearFault();
      return { ok: true };
    case "resetAll":
      proxyAt(request.proxy).resetAll();
      return { ok: true };
    case "startTokyoTyrant":
      tokyoTyrant ??= await startTokyoTyrantTestServer({ database: "hash" });
      return { ok: true, address: { host: tokyoTyrant.host, port: tokyoTyrant.port } };
    case "stopTokyoTyrant":
      await tokyoTyrant?.stop();
      return { ok: true };
    case "restartTokyoTyrant":
      if (tokyoTyrant?.state !== "listening") await tokyoTyrant?.restart();
      return { ok: true };
    case "closeAll":
      await Promise.all(proxies.map((proxy) => proxy.close()));
      await tokyoTyrant?.stop();
      return { ok: true };
  }
}

function proxyAt(index: number): FaultProxy {
  const proxy = proxies[index];
  if (proxy === undefined) throw new Error(`no proxy ${index}`);
  return proxy;
}

const reply = (message: StandInReply): void => {
  process.send?.(message);
};

process.on("message", (message: { id: number; request: StandInRequest }) => {
  handle(message.request).then(
    (answer) => reply({ ...answer, id: message.id }),
    (error: unknown) =>
      reply({
        id: message.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});

// The demo process is gone (ended, crashed or killed): nothing here may outlive it.
process.on("disconnect", () => process.exit(0));
// Ctrl-C reaches every process of the terminal's group: the demo decides when this one ends.
process.on("SIGINT", () => undefined);
process.on("SIGTERM", () => undefined);

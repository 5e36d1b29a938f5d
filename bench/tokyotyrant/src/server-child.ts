/**
 * Entry point of the child process that runs the test server, so that its CPU time is not the
 * benchmark's: it starts the database named by its argument ("hash" or "table") on a free loopback
 * port, prints the port on one line, and stops when its parent closes stdin (or dies).
 */
import { startTokyoTyrantTestServer } from "@tier/tokyotyrant/testing";

const database = process.argv[2] === "table" ? "table" : "hash";
const server = await startTokyoTyrantTestServer({ database });
process.stdout.write(`${server.port}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void server.stop().then(() => process.exit(0));
});

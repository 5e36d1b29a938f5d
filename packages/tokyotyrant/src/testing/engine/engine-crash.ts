/**
 * Thrown by the engine for a request that makes the real ttserver 1.1.41 abort (an assertion in
 * Tokyo Cabinet, e.g. a table put with an empty primary key). The server turns it into a simulated
 * process crash: every connection is reset and the listener closes until `restart()`.
 */
export class EngineCrash extends Error {
  constructor(readonly reason: string) {
    super(`[tier] [tokyotyrant] test server crashed like the real server would: ${reason}`);
    this.name = "EngineCrash";
  }
}

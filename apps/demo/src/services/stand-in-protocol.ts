import type { Fault } from "@tier/testkit/fault-proxy";

/**
 * Requests the demo sends to its stand-in process, which runs the fault proxies and the
 * TT-compatible test server on their own event loop: the load's own work then cannot delay their
 * answers, and theirs cannot delay the load's deadlines.
 */
export type StandInRequest =
  | { readonly op: "startProxy"; readonly target: { readonly host: string; readonly port: number } }
  | { readonly op: "setFault"; readonly proxy: number; readonly fault: Fault }
  | { readonly op: "clearFault"; readonly proxy: number }
  | { readonly op: "resetAll"; readonly proxy: number }
  | { readonly op: "startTokyoTyrant" }
  | { readonly op: "stopTokyoTyrant" }
  | { readonly op: "restartTokyoTyrant" }
  | { readonly op: "closeAll" };

export interface StandInAddress {
  readonly host: string;
  readonly port: number;
}

export type StandInReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly address?: StandInAddress;
      readonly proxy?: number;
    }
  | { readonly id: number; readonly ok: false; readonly message: string };

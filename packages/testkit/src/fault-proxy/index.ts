/**
 * A TCP proxy that sits between a client under test and a real server and injects network
 * faults on demand. See {@link startFaultProxy}.
 */
export type { FaultProxyConnectionStats } from "./connection.js";
export { FaultProxyError, type FaultProxyErrorCode } from "./errors.js";
export type {
  Direction,
  Fault,
  FaultDirection,
  FaultKind,
  GarbageFault,
  LatencyFault,
  RefuseFault,
  ResetFault,
  StallFault,
  TruncateFault,
} from "./fault.js";
export { DEFAULT_GARBAGE_LENGTH, deterministicGarbage } from "./garbage.js";
export {
  type FaultProxy,
  type FaultProxyListen,
  type FaultProxyOptions,
  type FaultProxyStats,
  type FaultProxyTarget,
  startFaultProxy,
} from "./proxy.js";

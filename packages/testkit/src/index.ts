export * from "./conformance/index.js";
export * from "./fault-proxy/index.js";
export * from "./services/index.js";

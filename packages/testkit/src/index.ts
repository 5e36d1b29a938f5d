export * from "./conformance/index.js";
export * from "./fault-proxy/index.js";
export { seededBytes, seededRandom } from "./random/seeded-random.js";
export * from "./services/index.js";

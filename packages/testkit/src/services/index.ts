/** Real servers for tests: started on loopback ports, killed when the test process exits. */
export { ServiceError, type ServiceErrorCode } from "./errors.js";
export { freeLoopbackPort } from "./free-port.js";
export { type MemcachedOptions, type MemcachedServer, startMemcached } from "./memcached.js";

/**
 * `@tier/core/net`: what the network adapters share. Pipelined TCP connections whose replies are
 * matched by order, a per-server pool with one connect at a time and a backoff, and the decoder
 * contract each protocol implements. Nothing here knows a protocol.
 *
 * @module @tier/core/net
 */
export { Backoff, type BackoffOptions } from "./backoff.js";
export {
  PipelinedConnection,
  type PipelinedConnectionOptions,
  type RequestBytes,
} from "./pipelined-connection.js";
export { ReceiveBuffer } from "./receive-buffer.js";
export type { DecodedReply, ReplyDecoder } from "./reply-decoder.js";
export {
  type EndpointState,
  type EndpointStats,
  type SendOptions,
  ServerEndpoint,
  type ServerEndpointOptions,
} from "./server-endpoint.js";

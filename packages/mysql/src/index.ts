export type {
  MysqlClusterConnection,
  MysqlConnection,
  MysqlPoolConnection,
  MysqlReplicaSelector,
  MysqlReplicaSetConnection,
} from "./connections.js";
export { type MysqlDriverDetails, MysqlError, type MysqlErrorCode } from "./errors.js";
export type { MysqlIdType } from "./id-type.js";
export type { MysqlSourceOptions } from "./options.js";
export type { MysqlRow } from "./result-rows.js";
export { type MysqlSource, type MysqlSourceStats, mysqlSource } from "./source.js";

/** `ext` option bits (`RDBXOLCKREC`, `RDBXOLCKGLB`): which lock the server holds around the call. */
export const ExtOption = {
  lockRecord: 1,
  lockGlobal: 2,
} as const;

/** `restore` and `setmst` option bit (`RDBROCHKCON`): stop at the first inconsistent log entry. */
export const ReplicationOption = {
  checkConsistency: 1,
} as const;

/** `misc` option bit (`RDBMONOULOG`): keep the call out of the update log (read-only calls). */
export const MiscOption = {
  noUpdateLog: 1,
} as const;

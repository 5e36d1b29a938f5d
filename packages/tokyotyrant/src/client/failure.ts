import { TokyoTyrantFailedError, type TokyoTyrantFailure } from "../errors.js";
import { failureCodeFor, TtErrorCode } from "../protocol/failure-codes.js";
import type { CommandName } from "../protocol/opcodes.js";
import type { Failed } from "../protocol/reply.js";

/** Which command a reply answers, so a failure can be named and mapped like the C client does. */
export interface CommandLabel {
  readonly command: CommandName;
  readonly miscFunction?: string;
  /** Says why, where the C client's mapping would mislead (`addint` on a wrong-sized value). */
  readonly reason?: string;
}

export function failedError(
  reply: Failed,
  server: string,
  label: CommandLabel,
): TokyoTyrantFailedError {
  return new TokyoTyrantFailedError({
    command: label.command,
    miscFunction: label.miscFunction,
    failure: failureName(failureCodeFor(label.command, label.miscFunction)),
    status: reply.status,
    server,
    reason: reply.status === 1 ? label.reason : undefined,
  });
}

function failureName(code: TtErrorCode): TokyoTyrantFailure {
  if (code === TtErrorCode.noRecord) return "not-found";
  if (code === TtErrorCode.existingRecord) return "record-exists";
  return "misc";
}

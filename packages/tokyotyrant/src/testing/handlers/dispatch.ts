import type { ParsedInput, TtRequest } from "../wire/requests.js";
import {
  handleCopy,
  handleOptimize,
  handleRestore,
  handleSetMaster,
  handleSync,
  handleVanish,
} from "./admin-handlers.js";
import { handleAddDouble, handleAddInt } from "./counter-handlers.js";
import { handleExtension } from "./extension-handler.js";
import {
  type ConnectionInfo,
  DROP,
  type HandlerContext,
  type HandlerResult,
} from "./handler-context.js";
import { handleRecordCount, handleSize, handleStat } from "./info-handlers.js";
import {
  handleForwardMatchingKeys,
  handleIteratorInit,
  handleIteratorNext,
} from "./iteration-handlers.js";
import { handleMisc } from "./misc-handler.js";
import { handleGet, handleMget, handleOut, handlePut, handleValueSize } from "./record-handlers.js";
import { handleReplication } from "./replication-handler.js";
import { handleTextLine } from "./text-line-handler.js";

/**
 * Answers one parsed input. Commands are counted when their byte arrives, malformed ones too, as
 * ttserver counts them; a malformed request and an unknown command get no reply and end the
 * connection unless more bytes are already buffered.
 */
export function handleInput(
  input: ParsedInput,
  context: HandlerContext,
  connection: ConnectionInfo,
): HandlerResult {
  switch (input.kind) {
    case "text-line":
      return handleTextLine(input.line);
    case "unknown-command":
      return DROP;
    case "malformed":
      context.processCounters.countCommand(input.command);
      context.lifetimeCounters.countCommand(input.command);
      return DROP;
    case "request":
      context.processCounters.countCommand(input.request.command);
      context.lifetimeCounters.countCommand(input.request.command);
      return handleRequest(input.request, context, connection);
  }
}

function handleRequest(
  request: TtRequest,
  context: HandlerContext,
  connection: ConnectionInfo,
): HandlerResult {
  switch (request.command) {
    case "put":
    case "putkeep":
    case "putcat":
    case "putnr":
    case "putshl":
      return handlePut(request, context);
    case "out":
      return handleOut(request.key, context);
    case "get":
      return handleGet(request.key, context);
    case "mget":
      return handleMget(request.keys, context);
    case "vsiz":
      return handleValueSize(request.key, context);
    case "iterinit":
      return handleIteratorInit(context);
    case "iternext":
      return handleIteratorNext(context);
    case "fwmkeys":
      return handleForwardMatchingKeys(request.prefix, request.max, context);
    case "addint":
      return handleAddInt(request.key, request.increment, context);
    case "adddouble":
      return handleAddDouble(request.key, request.increment, context);
    case "ext":
      return handleExtension(request, context);
    case "sync":
      return handleSync(context);
    case "optimize":
      return handleOptimize(request.params, context);
    case "vanish":
      return handleVanish(context);
    case "copy":
      return handleCopy(request.path, context);
    case "restore":
      return handleRestore(request.path);
    case "setmst":
      return handleSetMaster(request, context);
    case "rnum":
      return handleRecordCount(context);
    case "size":
      return handleSize(context);
    case "stat":
      return handleStat(context, connection);
    case "misc":
      return handleMisc(request, context);
    case "repl":
      return handleReplication(request.serverId, context);
  }
}

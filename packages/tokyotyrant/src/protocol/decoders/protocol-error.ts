import { ProtocolError } from "@tier/core";

export const PROTOCOL = "tokyotyrant";

export function protocolError(message: string): ProtocolError {
  return new ProtocolError(PROTOCOL, message);
}

/**
 * Tokyo Cabinet error codes, as `misc error` reports them ("<code>: <message>"). Only the text of
 * that function and of the `fatal` line of `stat` shows them; the binary protocol never does.
 */
export const TcErrorCode = {
  success: 0,
  invalid: 2,
  recordHeader: 6,
  keep: 21,
  noRecord: 22,
  misc: 9999,
} as const;

export type TcErrorCodeValue = (typeof TcErrorCode)[keyof typeof TcErrorCode];

const MESSAGES: Readonly<Record<TcErrorCodeValue, string>> = {
  0: "success",
  2: "invalid operation",
  6: "invalid record header",
  21: "existing record",
  22: "no record found",
  9999: "miscellaneous error",
};

/** `"<code>: <message>"`, the element `misc error` returns and the value of the `fatal` line. */
export function describeTcError(code: TcErrorCodeValue): string {
  return `${code}: ${MESSAGES[code]}`;
}

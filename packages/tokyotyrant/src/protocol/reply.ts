/**
 * The server did not do what was asked. `status` is the status byte it sent: ttserver only ever
 * sends 1, and the wire does not say why (not found, record exists, forbidden, engine error: see
 * `failureCodeFor`). Status 0 here means the server answered "success" with nothing usable where
 * a result was required: what a `misc` call forbidden by `-mask` returns.
 */
export interface Failed {
  readonly ok: false;
  readonly status: number;
}

/** The server did what was asked; `value` is what its reply carried. */
export interface Succeeded<T> {
  readonly ok: true;
  readonly value: T;
}

/** A well-formed reply: a result, or a failure the server reported. Broken bytes throw instead. */
export type Reply<T> = Succeeded<T> | Failed;

export function succeeded<T>(value: T): Succeeded<T> {
  return { ok: true, value };
}

const FAILED_BY_STATUS = Array.from({ length: 256 }, (_, status) =>
  Object.freeze({ ok: false as const, status }),
);

export function failed(status: number): Failed {
  return FAILED_BY_STATUS[status] ?? { ok: false, status };
}

export const DONE: Succeeded<void> = Object.freeze({ ok: true as const, value: undefined });

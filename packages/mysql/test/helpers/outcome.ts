import { SourceError } from "@tier/core";
import { expect } from "vitest";
import { MysqlError, type MysqlErrorCode } from "../../src/index.js";

/** How a load settled, and after how long. */
export interface Outcome<T> {
  readonly value?: T;
  readonly error?: unknown;
  readonly elapsedMs: number;
}

export async function outcomeOf<T>(promise: Promise<T>): Promise<Outcome<T>> {
  const started = performance.now();
  try {
    const value = await promise;
    return { value, elapsedMs: performance.now() - started };
  } catch (error) {
    return { error, elapsedMs: performance.now() - started };
  }
}

/** Asserts a `SourceError` of `code` whose cause is a `MysqlError` of `cause`, and returns it. */
export function expectSourceError(
  error: unknown,
  code: SourceError["code"],
  cause: MysqlErrorCode,
): SourceError {
  expect(error).toBeInstanceOf(SourceError);
  const failure = error as SourceError;
  expect(failure.code).toBe(code);
  expect(failure.cause).toBeInstanceOf(MysqlError);
  expect((failure.cause as MysqlError).code).toBe(cause);
  return failure;
}

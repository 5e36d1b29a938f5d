/**
 * The value `putshl` leaves in an existing record: the old value with `appended` added, cut to its
 * rightmost `width` bytes.
 */
export function shiftLeft(old: Buffer, appended: Buffer, width: number): Buffer {
  const joined = Buffer.concat([old, appended]);
  return joined.length > width ? Buffer.from(joined.subarray(joined.length - width)) : joined;
}

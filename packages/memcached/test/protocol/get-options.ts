import type { MetaGetOptions } from "../../src/protocol/index.js";

/** An `mg` asking for the value and every piece of metadata the server can return. */
export const RETURN_EVERYTHING: MetaGetOptions = Object.freeze({
  returnValue: true,
  returnCas: true,
  returnClientFlags: true,
  returnHitBefore: true,
  returnKey: true,
  returnLastAccess: true,
  returnSize: true,
  returnTtl: true,
});

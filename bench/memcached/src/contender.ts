/** One client under test. A contender without a multi-get leaves `getMany` out. */
export interface Contender {
  readonly name: string;
  get(key: string): Promise<unknown>;
  getMany?(keys: readonly string[]): Promise<unknown>;
  set(key: string, value: Buffer): Promise<unknown>;
  close(): Promise<void>;
}

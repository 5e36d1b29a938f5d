/** Options every source call receives. */
export interface SourceCallOptions {
  /** Aborted when the chain's source deadline passes; the source should cancel its query. */
  readonly signal: AbortSignal;
}

/** The truth behind the tiers (MySQL). It loads many keys in one call. */
export interface Source<Row> {
  /** Its name in the chain's events, stats and errors. */
  readonly name: string;
  /** The rows found among `keys`; a key absent from the map does not exist. */
  loadMany(keys: readonly string[], options: SourceCallOptions): Promise<Map<string, Row>>;
  /** Releases connections; called by the chain's `close()` unless `closeTiers: false`. */
  close?(): Promise<void>;
}

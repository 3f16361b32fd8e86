/**
 * A labelled example source: a dataset file (or files) read as a stream of
 * (label, feature row) pairs in file order. Implementations: IDX (MNIST,
 * Fashion-MNIST), CIFAR-10 binary batches, CSV.
 */

/** One example's features: raw bytes for byte-valued images, doubles otherwise. Valid only during the visit. */
export type FeatureRow = Uint8Array | Float64Array;

export interface SourceSummary {
  /** Examples read. */
  readonly count: number;
  /** Features per example. */
  readonly dim: number;
}

export interface ExampleSource {
  readonly kind: 'idx' | 'cifar10' | 'csv';
  /** For messages, e.g. "IDX train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz". */
  readonly description: string;
  /** The dataset name used in output file names when none is given. */
  readonly defaultName: string;
  /** Bytes on disk (compressed bytes for gzipped files), for progress displays. */
  readonly totalBytes: number;
  /**
   * Streams every example in file order and checks the files' structure to the
   * end (a truncated or mismatched file is a UserError even if the examples
   * wanted came earlier). `onBytes` receives the bytes read from disk.
   */
  forEach(visit: (label: number, features: FeatureRow, index: number) => void, onBytes?: (n: number) => void): Promise<SourceSummary>;
}

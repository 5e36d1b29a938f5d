// Filled in by the package's first implementation.
export {};

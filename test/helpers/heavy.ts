// Tests that each run a long synchronous check (the vfio-pm default, seconds to a
// minute on a shared machine) report one at a time: run them with `test.serial`
// and let the worker's event loop turn before each check, so that ava receives
// every result as it comes instead of all at the end. Its timeout counts from the
// last result received, so a file of many heavy checks no longer times out as one.
export const reportedSoFar = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

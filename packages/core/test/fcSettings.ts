// fast-check settings shared by the property files: FC_RUNS (default 1,000
// under CI, 200 locally), FC_SEED and FC_PATH to replay a failure. fast-check
// prints the seed and path of a failure; `reportSeed` adds it to the
// message so it survives in CI logs that cut the counterexample.
import * as fc from 'fast-check';

export const numRuns = Number(process.env.FC_RUNS ?? (process.env.CI ? 1_000 : 200));
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const path = process.env.FC_PATH;

export function fcParameters<T>(overrides: fc.Parameters<T> = {}): fc.Parameters<T> {
  return {
    numRuns,
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined ? {} : { path }),
    reporter(details) {
      if (details.failed) {
        throw new Error(`Property failed (FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath ?? ''}): ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\ncounterexample: ${fc.stringify(details.counterexample).slice(0, 2_000)}`);
      }
    },
    ...overrides,
  };
}

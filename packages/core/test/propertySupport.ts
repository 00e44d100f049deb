import type * as fc from 'fast-check';
import type { VirtualClock } from '../src/testing/index.js';

/**
 * One step of a model run: an action, then a zero tick so adapter promises
 * and their outcomes settle at the current instant, then the file's checks.
 */
export function stepKind<Model extends object, Real extends { clock: VirtualClock }>(afterEach: (model: Model, real: Real) => void) {
  return class Step implements fc.AsyncCommand<Model, Real> {
    constructor(
      readonly label: string,
      readonly action: (model: Model, real: Real) => void | Promise<void>,
    ) {}
    check(): boolean {
      return true;
    }
    async run(model: Model, real: Real): Promise<void> {
      await this.action(model, real);
      await real.clock.tick(0);
      afterEach(model, real);
    }
    toString(): string {
      return this.label;
    }
  };
}

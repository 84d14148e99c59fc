// Seeded PRNG for the fuzzer (mulberry32): the same seed gives the same cases in Node and in workerd.

import { Random } from '../lib/random.js';

export class FuzzRandom extends Random {
  /** A generator of its own for case `index`, so one case can be replayed without generating the others. */
  static forCase(seed: number, index: number): FuzzRandom {
    return new FuzzRandom(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }

  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) out += this.int(0, 255).toString(16).padStart(2, '0');
    return out;
  }

  /** A Discord-shaped id (17–19 digits). */
  snowflake(): string {
    let out = String(this.int(1, 9));
    const length = this.int(16, 18);
    for (let i = 0; i < length; i++) out += String(this.int(0, 9));
    return out;
  }
}

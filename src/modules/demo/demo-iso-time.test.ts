import { describe, expect, it } from 'vitest';
import { createIsoTimeFormatter } from './demo-iso-time.ts';
import { createDemoRandom } from './demo-random.ts';

describe('createIsoTimeFormatter', () => {
  it('matches Date#toISOString across decades, in any order', () => {
    const format = createIsoTimeFormatter();
    const rng = createDemoRandom(12);
    for (let i = 0; i < 5_000; i++) {
      const ms = rng.int(-2_000_000_000_000, 4_000_000_000_000);
      expect(format(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('matches at day boundaries and millisecond edges', () => {
    const format = createIsoTimeFormatter();
    const midnight = Date.UTC(2025, 0, 1);
    for (const ms of [
      0,
      -1,
      1.7,
      -1.5,
      midnight - 1,
      midnight,
      midnight + 999,
      midnight + 86_399_999,
      Date.UTC(2024, 1, 29, 12),
    ]) {
      expect(format(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('falls back to the built-in outside four-digit years', () => {
    const format = createIsoTimeFormatter();
    const far = Date.UTC(12_000, 0, 1);
    expect(format(far)).toBe(new Date(far).toISOString());
  });
});

import { DAY_MS } from './calendar-values.ts';

// A time zone's UTC offset (local minus UTC, in ms) read through Intl, exact to the second as the tz database is.
// Offsets are sampled once per UTC midnight and cached per zone; between two equal samples the offset is taken as
// steady. That rests on one assumption: no zone changes its offset and changes back within 24 hours, which real
// rules do not do (changes are months apart). Offsets are assumed to lie within ±24 hours (real ones: −12 h to +14 h).
export type ZoneOffsets = {
  readonly timeZone: string;
  offsetAt(ms: number): number;
  // The offset at 00:00 UTC of the given day number, cached.
  sampleOnDay(day: number): number;
  // True when the samples on every day from `fromDay` to `toDay` are equal.
  isSteady(fromDay: number, toDay: number): boolean;
  // The local calendar date (as a day number) at an instant.
  localDay(ms: number): number;
  // The first instant at which the local wall clock reads `wallMs` (local time as if it were UTC) or later, given
  // every offset in force near it. An ambiguous time (clocks going back) gives its first occurrence; a skipped time
  // (clocks going forward) gives the instant of the jump.
  firstInstantAtOrAfter(wallMs: number, offsets: readonly number[]): number;
};

const zones = new Map<string, ZoneOffsets>();
const SAMPLE_CACHE_LIMIT = 100_000;

export function zoneOffsets(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = createZoneOffsets(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

function createZoneOffsets(timeZone: string): ZoneOffsets {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const samples = new Map<number, number>();

  const readOffset = (ms: number): number => {
    // Offsets change on whole seconds, so the offset at the start of the second is the offset at `ms`.
    const second = Math.floor(ms / 1000) * 1000;
    const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of format.formatToParts(second)) {
      if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
    }
    const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
    return wall - second;
  };

  const sampleOnDay = (day: number): number => {
    let offset = samples.get(day);
    if (offset === undefined) {
      if (samples.size >= SAMPLE_CACHE_LIMIT) samples.clear();
      offset = readOffset(day * DAY_MS);
      samples.set(day, offset);
    }
    return offset;
  };

  const offsetAt = (ms: number): number => {
    const day = Math.floor(ms / DAY_MS);
    const offset = sampleOnDay(day);
    return offset === sampleOnDay(day + 1) ? offset : readOffset(ms);
  };

  return {
    timeZone,
    offsetAt,
    sampleOnDay,
    isSteady: (fromDay, toDay) => {
      const offset = sampleOnDay(fromDay);
      for (let day = fromDay + 1; day <= toDay; day++) {
        if (sampleOnDay(day) !== offset) return false;
      }
      return true;
    },
    localDay: (ms) => Math.floor((ms + offsetAt(ms)) / DAY_MS),
    firstInstantAtOrAfter: (wallMs, offsets) => {
      let first = Number.POSITIVE_INFINITY;
      for (const offset of offsets) {
        const candidate = wallMs - offset;
        if (candidate < first && offsetAt(candidate) === offset) first = candidate;
      }
      if (first !== Number.POSITIVE_INFINITY) return first;
      // The wall time falls in a gap: find the jump, where local time passes from before `wallMs` to after it.
      let before = wallMs - Math.max(...offsets);
      let after = wallMs - Math.min(...offsets);
      while (after - before > 1) {
        const middle = Math.floor((before + after) / 2);
        if (middle + offsetAt(middle) >= wallMs) after = middle;
        else before = middle;
      }
      return after;
    },
  };
}

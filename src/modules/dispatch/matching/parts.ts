import type { PartsAvailability } from './types.ts';

/** The default availability check: everything must already be on the engineer's van. */
export const vanOnlyParts: PartsAvailability = (engineer, parts) => {
  let missing: { sku: string; quantity: number }[] | null = null;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    // The same SKU may be listed more than once: count what all its lines need (only when it is first seen).
    let needed = 0;
    let firstLine = true;
    for (let j = 0; j < parts.length; j++) {
      const other = parts[j]!;
      if (other.sku !== part.sku) continue;
      if (j < i) firstLine = false;
      needed += other.quantity;
    }
    if (!firstLine) continue;
    const onVan = engineer.vanParts[part.sku] ?? 0;
    if (onVan < needed) {
      missing ??= [];
      missing.push({ sku: part.sku, quantity: needed - onVan });
    }
  }
  return missing === null ? { ok: true, source: 'van' } : { ok: false, missing };
};

/** ISO-8601 string of a timestamp, or null. */
export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

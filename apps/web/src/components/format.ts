const COUNT = new Intl.NumberFormat('en-US');

export const formatCount = (count: number): string => COUNT.format(count);

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  if (size < 1024 * 1024 * 1024) return `${(size / 1024 / 1024).toFixed(1)} MB`;
  return `${(size / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** `1 h 02 min`, `3 min 05 s`, `12 s`, `0.4 s`: enough precision to compare runs at a glance. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 10_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  const seconds = Math.round(milliseconds / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

export const formatDateTime = (iso: string): string => new Date(iso).toLocaleString();

const SHORT_DATE_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * `Nov 25, 4:10:28 PM` (or `Nov 25, 16:10:28`, as the reader's locale writes hours): for tables,
 * where the year is rarely in doubt and width is scarce. The clock follows the locale like every
 * other date on the page, so a job's row and its page show the same time the same way.
 */
export const formatShortDateTime = (iso: string): string => SHORT_DATE_TIME.format(new Date(iso));

// One wording for failures everywhere: the client's.
export { errorMessage } from '../api/request.ts';

// One formatter for the app: building an Intl.DateTimeFormat (and its time zone) costs far more than formatting, and
// a page such as the audit log or a meeting's decisions formats hundreds of times on one render.
let jstFormat: Intl.DateTimeFormat | undefined;

/** 2025/06/30 09:00 in Japan time: the council works in JST whatever the PC's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  jstFormat ??= new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return jstFormat.format(new Date(iso));
}

/** 2026/01/31 for a JST calendar date `2026-01-31` (a due date is a date, not an instant: no zone to convert). */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  return date.replaceAll('-', '/');
}

/** A fresh id for a command; a retry of the same click reuses it so the API records nothing twice. */
export const newCommandId = (): string => globalThis.crypto.randomUUID();

/** An ISO time as a `datetime-local` input's value (this PC's zone, to the second); '' for none. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

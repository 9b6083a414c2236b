// Small formatting helpers the views share: times, dates, percentages and counts.

const TIME = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/**
 * The wall-clock time of an instant as written ("2026-11-20T19:40:00+01:00"), in the person's
 * own convention: "19:40", or "7:40 PM" where the locale uses a 12-hour clock.
 */
export function timeOf(instant) {
  if (!instant) return "";
  const [hour, minute] = [Number(instant.slice(11, 13)), Number(instant.slice(14, 16))];
  return TIME.format(new Date(2000, 0, 1, hour, minute));
}

/** "19:40": the wall-clock time as a form field holds it (the backend reads both clocks). */
export function hhmm(instant) {
  return instant ? instant.slice(11, 16) : "";
}

function localDate(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d);
}

/**
 * Date formatters made once each and kept: making an Intl.DateTimeFormat costs far more than
 * using one, and a year of Trends formats a few thousand dates.
 */
const LONG = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" });
const LONG_YEAR = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
const SHORT = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const MEDIUM = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });

/** "Thursday 19 November" (with the year when it is not this year). */
export function longDate(iso) {
  const date = localDate(iso);
  return (date.getFullYear() === new Date().getFullYear() ? LONG : LONG_YEAR).format(date);
}

/** "19 Nov". */
export function shortDate(iso) {
  return SHORT.format(localDate(iso));
}

/** "19 Nov 2026". */
export function mediumDate(iso) {
  return MEDIUM.format(localDate(iso));
}

/** 0.583 → "58%". */
export function pct(x) {
  return `${Math.round(x * 100)}%`;
}

export function capitalize(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** "1 event", "3 events". */
export function count(n, one, many) {
  return `${n} ${n === 1 ? one : many || `${one}s`}`;
}

/** YYYY-MM-DD of a local date (today when not given). */
export function isoDate(d = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** YYYY-MM-DD of the day after `iso`. */
export function nextDay(iso) {
  const d = localDate(iso);
  d.setDate(d.getDate() + 1);
  return isoDate(d);
}

/** YYYY-MM-DD of the day before `iso`. */
export function previousDay(iso) {
  const d = localDate(iso);
  d.setDate(d.getDate() - 1);
  return isoDate(d);
}

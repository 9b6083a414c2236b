// The kinds of event, with their labels and the letter that picks each one in the quick-log
// form (Alt+letter from any field). The one list every view uses.

export const KINDS = [
  { value: "completed", label: "Completed", key: "c" },
  { value: "delayed_start", label: "Delayed start", key: "d" },
  { value: "unfinished", label: "Unfinished", key: "u" },
  { value: "avoided", label: "Avoided", key: "a" },
  { value: "switched", label: "Switched", key: "s" },
  { value: "skipped", label: "Skipped", key: "k" },
];

/** Kind → its label ("delayed_start" → "Delayed start"). */
export const KIND_LABEL = Object.fromEntries(KINDS.map((k) => [k.value, k.label]));

/** Letter → kind ("d" → "delayed_start"). */
export const KIND_BY_KEY = Object.fromEntries(KINDS.map((k) => [k.key, k.value]));

-- Reminders and app settings.
-- `days` is a weekday bitmask: bit 0 = Monday … bit 6 = Sunday (127 = every day).
CREATE TABLE reminders (
    id            TEXT PRIMARY KEY,
    at_minute     INTEGER NOT NULL CHECK (at_minute BETWEEN 0 AND 1439),
    days          INTEGER NOT NULL DEFAULT 127 CHECK (days BETWEEN 1 AND 127),
    purpose       TEXT NOT NULL CHECK (purpose IN ('checkin', 'reflection', 'pathway')),
    pathway_id    TEXT REFERENCES pathways(id) ON DELETE CASCADE,
    enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    snoozed_until TEXT,
    created_at    INTEGER NOT NULL,
    CHECK ((purpose = 'pathway') = (pathway_id IS NOT NULL))
) STRICT;

-- Prompts carried by reminders, so a prompt is not repeated within a week.
CREATE TABLE prompt_log (
    prompt_id TEXT NOT NULL,
    at_utc    INTEGER NOT NULL
) STRICT;
CREATE INDEX prompt_log_by_time ON prompt_log (at_utc);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Plumbline journal schema, version 1.
-- Instants are kept twice: `at` as the person wrote it (RFC 3339 with offset) and `at_utc` in
-- Unix seconds for ordering and range scans. `day` is the local calendar date in the event's own
-- offset as days since 1970-01-01; `minute` is the local minute of the day (0-1439). Both let the
-- analyzer slice by day, weekday and time of day without parsing text.

CREATE TABLE imports (
    id          TEXT PRIMARY KEY,
    format      TEXT NOT NULL,
    file        TEXT,
    at          TEXT NOT NULL,
    events      INTEGER NOT NULL DEFAULT 0,
    checkins    INTEGER NOT NULL DEFAULT 0,
    reflections INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE events (
    rowid         INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    at            TEXT NOT NULL,
    at_utc        INTEGER NOT NULL,
    day           INTEGER NOT NULL,
    minute        INTEGER NOT NULL,
    kind          INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 5),
    task          TEXT NOT NULL CHECK (task <> ''),
    domain        TEXT,
    planned_at    TEXT,
    delay_minutes INTEGER,
    progress      REAL CHECK (progress IS NULL OR progress BETWEEN 0.0 AND 1.0),
    thought       TEXT,
    emotion       TEXT,
    friction      INTEGER CHECK (friction IS NULL OR friction BETWEEN 1 AND 5),
    tags          TEXT NOT NULL DEFAULT '[]',
    note          TEXT,
    source        TEXT,
    import_id     TEXT REFERENCES imports(id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX events_by_time ON events (at_utc);
CREATE INDEX events_by_day ON events (day);
CREATE INDEX events_by_kind_time ON events (kind, at_utc);
CREATE INDEX events_by_import ON events (import_id) WHERE import_id IS NOT NULL;
CREATE INDEX events_by_task ON events (task COLLATE NOCASE);

-- One row per (event, tag): lets the analyzer and the UI's suggestions use tags without parsing.
CREATE TABLE event_tags (
    event_rowid INTEGER NOT NULL REFERENCES events(rowid) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    PRIMARY KEY (event_rowid, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_tags_by_tag ON event_tags (tag);

CREATE TABLE checkins (
    date       TEXT PRIMARY KEY,
    day        INTEGER NOT NULL UNIQUE,
    alignment  INTEGER NOT NULL CHECK (alignment BETWEEN 1 AND 5),
    energy     INTEGER CHECK (energy IS NULL OR energy BETWEEN 1 AND 5),
    mood       INTEGER CHECK (mood IS NULL OR mood BETWEEN 1 AND 5),
    note       TEXT,
    tags       TEXT NOT NULL DEFAULT '[]',
    source     TEXT,
    import_id  TEXT REFERENCES imports(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE reflections (
    rowid      INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    at         TEXT NOT NULL,
    at_utc     INTEGER NOT NULL,
    day        INTEGER NOT NULL,
    prompt_id  TEXT,
    title      TEXT,
    text       TEXT NOT NULL,
    mood       INTEGER CHECK (mood IS NULL OR mood BETWEEN 1 AND 5),
    tags       TEXT NOT NULL DEFAULT '[]',
    starred    INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
    source     TEXT,
    import_id  TEXT REFERENCES imports(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reflections_by_time ON reflections (at_utc);
CREATE INDEX reflections_by_day ON reflections (day);
CREATE INDEX reflections_by_prompt ON reflections (prompt_id, at_utc) WHERE prompt_id IS NOT NULL;
CREATE INDEX reflections_by_import ON reflections (import_id) WHERE import_id IS NOT NULL;

CREATE TABLE custom_prompts (
    id    TEXT PRIMARY KEY,
    layer TEXT NOT NULL CHECK (layer IN ('belief', 'thinking', 'execution')),
    text  TEXT NOT NULL CHECK (text <> '')
) STRICT;

CREATE TABLE custom_beliefs (
    id        TEXT PRIMARY KEY CHECK (id LIKE 'custom:%'),
    statement TEXT NOT NULL CHECK (statement <> ''),
    markers   TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- The latest verdict per belief. `evidence` is the number of breaks the link matched when the
-- verdict was given, so a rejected link can come back only on evidence well beyond it.
CREATE TABLE verdicts (
    belief_id TEXT PRIMARY KEY,
    verdict   TEXT NOT NULL CHECK (verdict IN ('confirmed', 'rejected')),
    at        TEXT NOT NULL,
    evidence  INTEGER
) STRICT;

CREATE TABLE pathways (
    id          TEXT PRIMARY KEY,
    belief_id   TEXT NOT NULL,
    reframe     TEXT,
    next_action TEXT,
    cycle       TEXT,
    if_then     TEXT,
    started_on  TEXT NOT NULL
) STRICT;
CREATE INDEX pathways_by_belief ON pathways (belief_id);

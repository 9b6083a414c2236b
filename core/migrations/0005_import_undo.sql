-- Undo of an import removes only what the import added and the person has not changed since,
-- and puts back the verdicts the import replaced.
--
-- `edited` is set by the triggers below when the person changes one of their fields on an
-- imported record (an edit of an event or a reflection, a new check-in for the same date);
-- undo keeps those and says so. Triggers, so every write path is covered.
ALTER TABLE events ADD COLUMN edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1));
ALTER TABLE checkins ADD COLUMN edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1));
ALTER TABLE reflections ADD COLUMN edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1));

CREATE TRIGGER events_edited AFTER UPDATE OF at, kind, task, domain, planned_at,
    delay_minutes, progress, thought, emotion, friction, tags, note ON events
    WHEN NEW.import_id IS NOT NULL AND OLD.edited = 0
BEGIN
    UPDATE events SET edited = 1 WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER checkins_edited AFTER UPDATE OF alignment, energy, mood, note, tags ON checkins
    WHEN NEW.import_id IS NOT NULL AND OLD.edited = 0
BEGIN
    UPDATE checkins SET edited = 1 WHERE date = NEW.date;
END;

CREATE TRIGGER reflections_edited AFTER UPDATE OF at, prompt_id, title, text, mood, tags,
    starred ON reflections
    WHEN NEW.import_id IS NOT NULL AND OLD.edited = 0
BEGIN
    UPDATE reflections SET edited = 1 WHERE rowid = NEW.rowid;
END;

-- Each verdict an import set: what it replaced (`old_verdict` null when there was none) and
-- what it set, so undo restores the old one unless the person has given another since.
CREATE TABLE import_verdicts (
    import_id    TEXT NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    belief_id    TEXT NOT NULL,
    old_verdict  TEXT CHECK (old_verdict IS NULL OR old_verdict IN ('confirmed', 'rejected')),
    old_at       TEXT,
    old_evidence INTEGER,
    new_verdict  TEXT NOT NULL CHECK (new_verdict IN ('confirmed', 'rejected')),
    new_at       TEXT NOT NULL,
    PRIMARY KEY (import_id, belief_id)
) STRICT;

-- The analyzer's rows in one covering index.
--
-- An analysis reads every event's narrow row in time order (store/analysis.rs: the columns
-- below, ordered by at_utc then rowid). Through `events_by_time` that meant walking the index
-- and then every page of the table as well, whose rows also hold what the analyzer never reads
-- (id, `at`, note, source, import_id, timestamps): about 4,500 pages for 100,000 events. This
-- index holds exactly the analyzer's columns in the order it reads them, so a whole-journal
-- read walks it alone: about 1,900 pages for the same events, for about 7.5 MB more file.
-- It matters most for an encrypted journal, where every page read is decrypted and its HMAC
-- checked.
--
-- `rowid` is the second key so that events at the same instant come in the order they were
-- written without a sort.

CREATE INDEX events_for_analysis ON events (
    at_utc, rowid, day, minute, kind, task, domain, emotion, friction, progress,
    delay_minutes, planned_at, thought, tags
);

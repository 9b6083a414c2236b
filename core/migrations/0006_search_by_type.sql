-- Search, one index per type of record (replaces 0004's single `search_index`).
--
-- Ranking every record that contains a common word took tens of milliseconds on a large
-- journal. With one index per type, the rowid is the record's own key (events.rowid,
-- checkins.day, reflections.rowid), so a search can rank only the most recently written
-- matches of each type (a rowid range) instead of all of them.
--
-- The indexes stay contentless (the records hold the text; snippets are cut from them), with
-- `contentless_delete` so triggers remove a record's row when it changes or goes. Columns:
--   search_events:      task, thought, note, domain, emotion, tags
--   search_checkins:    note, tags
--   search_reflections: title, text, tags
-- Tags are indexed as one space-separated text. A word in a task or title, a domain or a tag
-- counts more than one in a longer text (the bm25 weights below).

DROP TRIGGER events_search_insert;
DROP TRIGGER events_search_delete;
DROP TRIGGER events_search_update;
DROP TRIGGER checkins_search_insert;
DROP TRIGGER checkins_search_delete;
DROP TRIGGER checkins_search_update;
DROP TRIGGER reflections_search_insert;
DROP TRIGGER reflections_search_delete;
DROP TRIGGER reflections_search_update;
DROP TABLE search_index;

CREATE VIRTUAL TABLE search_events USING fts5(
    task, thought, note, domain, emotion, tags,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_events (search_events, rank) VALUES ('rank', 'bm25(3.0, 1.0, 1.0, 2.0, 1.0, 2.0)');

CREATE VIRTUAL TABLE search_checkins USING fts5(
    note, tags,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_checkins (search_checkins, rank) VALUES ('rank', 'bm25(1.0, 2.0)');

CREATE VIRTUAL TABLE search_reflections USING fts5(
    title, text, tags,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_reflections (search_reflections, rank) VALUES ('rank', 'bm25(3.0, 1.0, 2.0)');

CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO search_events (rowid, task, thought, note, domain, emotion, tags)
    VALUES (new.rowid, new.task, new.thought, new.note, new.domain, new.emotion,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;
CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    DELETE FROM search_events WHERE rowid = old.rowid;
END;
CREATE TRIGGER events_search_update AFTER UPDATE ON events BEGIN
    DELETE FROM search_events WHERE rowid = old.rowid;
    INSERT INTO search_events (rowid, task, thought, note, domain, emotion, tags)
    VALUES (new.rowid, new.task, new.thought, new.note, new.domain, new.emotion,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER checkins_search_insert AFTER INSERT ON checkins BEGIN
    INSERT INTO search_checkins (rowid, note, tags)
    VALUES (new.day, new.note, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;
CREATE TRIGGER checkins_search_delete AFTER DELETE ON checkins BEGIN
    DELETE FROM search_checkins WHERE rowid = old.day;
END;
CREATE TRIGGER checkins_search_update AFTER UPDATE ON checkins BEGIN
    DELETE FROM search_checkins WHERE rowid = old.day;
    INSERT INTO search_checkins (rowid, note, tags)
    VALUES (new.day, new.note, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER reflections_search_insert AFTER INSERT ON reflections BEGIN
    INSERT INTO search_reflections (rowid, title, text, tags)
    VALUES (new.rowid, new.title, new.text,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;
CREATE TRIGGER reflections_search_delete AFTER DELETE ON reflections BEGIN
    DELETE FROM search_reflections WHERE rowid = old.rowid;
END;
CREATE TRIGGER reflections_search_update AFTER UPDATE ON reflections BEGIN
    DELETE FROM search_reflections WHERE rowid = old.rowid;
    INSERT INTO search_reflections (rowid, title, text, tags)
    VALUES (new.rowid, new.title, new.text,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

-- What is already there.
INSERT INTO search_events (rowid, task, thought, note, domain, emotion, tags)
SELECT rowid, task, thought, note, domain, emotion,
       (SELECT group_concat(value, ' ') FROM json_each(events.tags))
FROM events;
INSERT INTO search_checkins (rowid, note, tags)
SELECT day, note, (SELECT group_concat(value, ' ') FROM json_each(checkins.tags))
FROM checkins;
INSERT INTO search_reflections (rowid, title, text, tags)
SELECT rowid, title, text, (SELECT group_concat(value, ' ') FROM json_each(reflections.tags))
FROM reflections;

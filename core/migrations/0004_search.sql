-- Full-text search over everything the person wrote (CONTRACTS §1 `search`).
--
-- One contentless FTS5 table: the words are indexed but not stored a second time (the records
-- themselves hold the text; snippets are cut from them), which keeps the index small.
-- `contentless_delete` lets triggers remove a record's row when it changes or goes.
--
-- The FTS rowid names the record: 4 * the record's key + its type, where the type is
-- 0 = event (key: events.rowid), 1 = check-in (key: checkins.day), 2 = reflection
-- (key: reflections.rowid). Columns by record type:
--   event:      title = task,  body = thought, note, domain, emotion, tags
--   check-in:   note, tags
--   reflection: title,         body = text,                          tags
-- Tags are indexed as one space-separated text.
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, note, domain, emotion, tags,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- Best matches first: a word in a task or title, a domain or a tag counts more than one in a
-- longer text.
INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(3.0, 1.0, 1.0, 2.0, 1.0, 2.0)');

CREATE TRIGGER events_search_insert AFTER INSERT ON events BEGIN
    INSERT INTO search_index (rowid, title, body, note, domain, emotion, tags)
    VALUES (new.rowid * 4, new.task, new.thought, new.note, new.domain, new.emotion,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;
CREATE TRIGGER events_search_delete AFTER DELETE ON events BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4;
END;
CREATE TRIGGER events_search_update AFTER UPDATE ON events BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4;
    INSERT INTO search_index (rowid, title, body, note, domain, emotion, tags)
    VALUES (new.rowid * 4, new.task, new.thought, new.note, new.domain, new.emotion,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER checkins_search_insert AFTER INSERT ON checkins BEGIN
    INSERT INTO search_index (rowid, note, tags)
    VALUES (new.day * 4 + 1, new.note, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;
CREATE TRIGGER checkins_search_delete AFTER DELETE ON checkins BEGIN
    DELETE FROM search_index WHERE rowid = old.day * 4 + 1;
END;
CREATE TRIGGER checkins_search_update AFTER UPDATE ON checkins BEGIN
    DELETE FROM search_index WHERE rowid = old.day * 4 + 1;
    INSERT INTO search_index (rowid, note, tags)
    VALUES (new.day * 4 + 1, new.note, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER reflections_search_insert AFTER INSERT ON reflections BEGIN
    INSERT INTO search_index (rowid, title, body, tags)
    VALUES (new.rowid * 4 + 2, new.title, new.text,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;
CREATE TRIGGER reflections_search_delete AFTER DELETE ON reflections BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4 + 2;
END;
CREATE TRIGGER reflections_search_update AFTER UPDATE ON reflections BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4 + 2;
    INSERT INTO search_index (rowid, title, body, tags)
    VALUES (new.rowid * 4 + 2, new.title, new.text,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

-- Existing journals: index what is already there.
INSERT INTO search_index (rowid, title, body, note, domain, emotion, tags)
SELECT rowid * 4, task, thought, note, domain, emotion,
       (SELECT group_concat(value, ' ') FROM json_each(events.tags))
FROM events;
INSERT INTO search_index (rowid, note, tags)
SELECT day * 4 + 1, note, (SELECT group_concat(value, ' ') FROM json_each(checkins.tags))
FROM checkins;
INSERT INTO search_index (rowid, title, body, tags)
SELECT rowid * 4 + 2, title, text,
       (SELECT group_concat(value, ' ') FROM json_each(reflections.tags))
FROM reflections;

-- Sentence vectors of the journal's texts: events' thoughts, reflection texts and check-in
-- notes. One row per (model, exact text): a text written twice is embedded once, an edited text
-- simply gets a row of its own, and vectors of another model are never read. `vector` is the
-- model's dimension of little-endian f32. Derived data: never exported, recomputed when missing,
-- and rows whose text is gone may be deleted at any time.
CREATE TABLE text_vectors (
    model  TEXT NOT NULL,
    text   TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text)
) STRICT;

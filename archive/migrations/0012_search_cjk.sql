-- Chinese, Japanese and Korean are written without spaces between words,
-- and FTS5's unicode61 tokenizer made a whole run of their characters one
-- token: a search for 東京 found nothing inside a sentence. Their letters
-- are now indexed one per token (as Lucene's StandardTokenizer does), by
-- handing the index their text with a zero-width space between them, and
-- a query's CJK words become phrases of their letters (archive/cjk.go).
--
-- The split title, byline and text of a version holding such letters are
-- kept in search_split; search_source is what the index reads back for
-- snippets and deletions: the split values where there are some, the
-- version's own otherwise. Both are plain SQL, so any SQLite client can
-- still query the index.
CREATE TABLE search_split (
    version_id INTEGER PRIMARY KEY REFERENCES versions (id),
    title      TEXT NOT NULL,
    byline     TEXT NOT NULL,
    text       TEXT NOT NULL
);

CREATE VIEW search_source (id, title, byline, text) AS
SELECT v.id, COALESCE(s.title, v.title), COALESCE(s.byline, v.byline), COALESCE(s.text, v.text)
FROM versions v LEFT JOIN search_split s ON s.version_id = v.id;

DROP TABLE search;

CREATE VIRTUAL TABLE search USING fts5 (
    title, byline, text,
    content = 'search_source', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

INSERT INTO search (search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');

-- The index is rebuilt by Store.IndexPending, which Open runs after an
-- upgrade: it splits the texts that need it.
UPDATE articles SET indexed_version_id = NULL;

-- Prefix queries (elect*) merged the doclists of every matching term and
-- took seconds over 100,000 articles; prefix indexes of 2 and 3 characters
-- answer them directly. FTS5 options cannot be altered, so the index is
-- rebuilt from the latest versions.
DROP TABLE search;

CREATE VIRTUAL TABLE search USING fts5 (
    title, byline, text,
    content = 'versions', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

INSERT INTO search (search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');

INSERT INTO search (rowid, title, byline, text)
SELECT v.id, v.title, v.byline, v.text
FROM articles a JOIN versions v ON v.id = a.latest_version_id;

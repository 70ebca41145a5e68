-- The crawl no longer indexes each article as it saves it: one or two
-- articles per transaction made FTS5 flush and merge a tiny segment every
-- commit, twice the work of indexing the same articles in batches (see
-- docs/benchmarks.md). indexed_version_id is the version the full-text
-- index holds for the article (NULL: none yet); where it differs from
-- latest_version_id the article waits for Store.IndexPending, which the
-- crawl's writer runs every few dozen articles and at the end of a run.
ALTER TABLE articles ADD COLUMN indexed_version_id INTEGER;
UPDATE articles SET indexed_version_id = latest_version_id;
CREATE INDEX articles_unindexed ON articles (id) WHERE indexed_version_id IS NOT latest_version_id;

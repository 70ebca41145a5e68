-- Ingest no longer compresses bodies: it appends them raw to a file beside
-- the database (<db>-spool, as SQLite's <db>-wal) and the row records
-- where they start (data stays empty, stored_size is the raw size).
-- Encoding them in S2 and writing the S2 bytes through the WAL and its
-- checkpoint cost about 8% of a crawl's CPU, for a form that lived only
-- until Compact re-encoded it in zstd. Compact now reads spooled bodies
-- from the file and empties it once no row points into it.
ALTER TABLE bodies ADD COLUMN spool_offset INTEGER;

-- The bodies Compact has yet to re-encode: spooled ones, and the S2 ones
-- older versions stored in the table, which still read and compact.
DROP INDEX bodies_pending;
CREATE INDEX bodies_pending ON bodies (encoding) WHERE encoding IN ('s2', 'spool');

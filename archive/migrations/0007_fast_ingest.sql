-- Ingest stores bodies in S2, quick to write; Compact re-encodes them in
-- zstd later (see compact.go). This index lists the bodies it has yet to
-- re-encode, in the order they were stored, and stays empty once it ran.
CREATE INDEX bodies_pending ON bodies (encoding) WHERE encoding = 's2';

-- Compaction finds the URL a body was fetched from.
CREATE INDEX fetches_body ON fetches (body_sha256);

-- How many bodies of the host in a row missed its base (their delta was
-- no smaller than the body alone); after a few, a new base is chosen.
ALTER TABLE host_bases ADD COLUMN misses INTEGER NOT NULL DEFAULT 0;

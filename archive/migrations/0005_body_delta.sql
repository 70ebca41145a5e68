-- A body may be stored as a zstd delta against an earlier full body of the
-- same URL, whose raw bytes serve as the dictionary: a refetch that only
-- changed a timestamp or a token costs hundreds of bytes, not the page.
-- Bases are always full bodies, so reading any body takes at most two
-- decompressions.
ALTER TABLE bodies ADD COLUMN base_sha256 TEXT REFERENCES bodies (sha256);

-- Pages of one site share most of their bytes (templates, navigation,
-- inline CSS and scripts). host_bases names, per host, the latest full body
-- stored from it: a body with no earlier body at its URL is stored as a
-- zstd delta against it. Bases are full bodies, never deltas, so reading a
-- body still takes at most two decompressions, and the foreign keys keep a
-- base while anything refers to it.
CREATE TABLE host_bases (
    host        TEXT PRIMARY KEY,
    body_sha256 TEXT NOT NULL REFERENCES bodies (sha256)
);

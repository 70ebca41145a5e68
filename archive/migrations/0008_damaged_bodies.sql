-- Bodies compaction found damaged: their stored bytes no longer decode, or
-- no longer match their hash. They stay as they are, for `db check` to
-- report; compaction passes over them instead of reporting them again on
-- every run.
CREATE TABLE damaged_bodies (
    sha256   TEXT PRIMARY KEY,
    found_at TEXT NOT NULL,
    error    TEXT NOT NULL
) WITHOUT ROWID;

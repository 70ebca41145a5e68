-- The runs of one source, newest first (`runs --source`, the daemon's
-- /api/runs?source=), were read through runs_source, which orders them by
-- start time, and sorted again by id in a temporary B-tree: every run of
-- the source, on every call, however small the limit (a source crawled
-- every quarter of an hour records 35,000 runs a year; 6.5 ms a call at
-- 8,900 runs). This index holds them in id order, as an index orders the
-- rows of one key by rowid. It takes a row per run, not per page: the
-- crawl does not notice it.
CREATE INDEX runs_source_id ON runs (source_id);

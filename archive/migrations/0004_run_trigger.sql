-- What started a run: its schedule in the daemon, or a person (a crawl
-- command, a manual trigger). Runs recorded before this column are manual.
ALTER TABLE runs ADD COLUMN triggered_by TEXT NOT NULL DEFAULT 'manual';

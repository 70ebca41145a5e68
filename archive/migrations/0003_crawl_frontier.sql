-- The frontier of a source's crawl lives in the database, so memory stays
-- flat on large sites and a killed run resumes where it stopped. seen is
-- every URL the run has looked at; queue holds the serialised requests not
-- yet saved, in flight or waiting. A request leaves the queue in the
-- transaction that saves its fetch; a run that completes clears its
-- source's rows.
CREATE TABLE frontier_seen (
    source_id INTEGER NOT NULL REFERENCES sources (id),
    url       TEXT NOT NULL,
    PRIMARY KEY (source_id, url)
) WITHOUT ROWID;

CREATE TABLE frontier_queue (
    id        INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    url       TEXT NOT NULL,
    request   BLOB NOT NULL
);
CREATE INDEX frontier_queue_next ON frontier_queue (source_id, id);
CREATE INDEX frontier_queue_url ON frontier_queue (source_id, url);

-- What a crawl run did to articles, besides the counts of 0001.
ALTER TABLE runs ADD COLUMN new_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN updated_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN unchanged_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;

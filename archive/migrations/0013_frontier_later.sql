-- The URLs a complete run found and could not fetch within its page
-- budget (max_pages), kept for the source's next run, which fetches them
-- once nothing newer waits. Without them, the pages a sitemap listed past
-- the budget were never asked for again when the sitemap itself did not
-- change. kind is the crawler's name for what the URL is (page, article,
-- feed, sitemap), depth its distance from the start pages, seq the order
-- in which the run found it.
CREATE TABLE frontier_later (
    source_id INTEGER NOT NULL REFERENCES sources (id),
    seq       INTEGER NOT NULL,
    url       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    depth     INTEGER NOT NULL,
    PRIMARY KEY (source_id, url)
) WITHOUT ROWID;

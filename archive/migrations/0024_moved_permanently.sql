-- moved is 1 when the fetch's request was redirected, and every redirect
-- on the way was permanent (301, 308): the requested address now stands
-- for the final one. A crawl that finds an article there need not ask the
-- requested address (a short link, say) again. Fetches stored before this
-- step are read as not moved: their short links are asked once more.
ALTER TABLE fetches ADD COLUMN moved INTEGER NOT NULL DEFAULT 0;

-- A run counts apart the articles whose latest version a later page of
-- their own refreshed in place (the same headline and text, another
-- section, date, byline, authors, images or description); they were
-- counted as unchanged.
ALTER TABLE runs ADD COLUMN refreshed_articles INTEGER NOT NULL DEFAULT 0;

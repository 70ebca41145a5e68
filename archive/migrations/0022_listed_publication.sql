-- The publication a feed or a sitemap gave a page it listed (an item's
-- published time, news:publication_date), kept with each fetch of the page
-- it led to: parse reads a date the page prints without its year in that
-- year, and takes it as the publication of a page that dates itself
-- nowhere (parse.Page.Listed), so a reparse must hand it the same. NULL
-- when no listing dated the page, and for every fetch before this step.
ALTER TABLE fetches ADD COLUMN listed_published TEXT;

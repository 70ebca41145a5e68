-- What the crawl knew of a page beside its bytes, kept with each fetch so
-- that a reparse reads the page as the crawl did (parse.Page):
--
-- listed_published is the publication a feed or a sitemap gave the page
-- it listed (an item's published time, news:publication_date): parse
-- reads a date the page prints without its year in that year, and takes
-- it as the publication of a page that dates itself nowhere. NULL when no
-- listing dated the page.
--
-- listing_address is 1 when the page's address reads as a list of stories
-- to its source (a front, tag, author or section page): such a page is an
-- article only if it declares itself one.
--
-- Fetches stored before this step are read as having neither.
ALTER TABLE fetches ADD COLUMN listed_published TEXT;
ALTER TABLE fetches ADD COLUMN listing_address INTEGER NOT NULL DEFAULT 0;

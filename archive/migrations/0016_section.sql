-- The section of the site a version declares ("Politics", "Business"), as
-- parse reads it from JSON-LD articleSection or article:section; empty when
-- the page names none. Versions stored before stay empty until reparse
-- refreshes them.
ALTER TABLE versions ADD COLUMN section TEXT NOT NULL DEFAULT '';

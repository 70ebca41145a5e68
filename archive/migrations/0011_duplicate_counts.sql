-- A run counts apart the articles it found already archived under another
-- URL (the same text: syndicated or AMP copies, a story filed twice),
-- which the archive files as aliases; they were counted as unchanged.
ALTER TABLE runs ADD COLUMN duplicate_articles INTEGER NOT NULL DEFAULT 0;

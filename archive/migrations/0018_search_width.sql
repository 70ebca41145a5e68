-- Fullwidth Latin letters, digits and signs (ＮＨＫ, ２０２４, common in
-- Japanese text) and halfwidth katakana are indexed at their usual width,
-- as NFKC has them, and queries are read so (archive/cjk.go, indexForm):
-- a search for NHK finds ＮＨＫ. The articles whose indexed version holds
-- such forms leave the index here, handed back the values it indexed, and
-- Store.IndexPending, which Open runs after an upgrade, indexes them again.
CREATE TEMP TABLE wide_indexed AS
SELECT a.indexed_version_id AS id FROM articles a JOIN versions v ON v.id = a.indexed_version_id
WHERE (v.title || ' ' || v.byline || ' ' || v.text) GLOB '*[！-～ｦ-ﾟ]*';

INSERT INTO search (search, rowid, title, byline, text)
SELECT 'delete', s.id, s.title, s.byline, s.text FROM search_source s WHERE s.id IN (SELECT id FROM wide_indexed);

DELETE FROM search_split WHERE version_id IN (SELECT id FROM wide_indexed);

UPDATE articles SET indexed_version_id = NULL WHERE indexed_version_id IN (SELECT id FROM wide_indexed);

DROP TABLE wide_indexed;

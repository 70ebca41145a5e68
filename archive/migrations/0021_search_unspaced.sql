-- Thai, Lao, Burmese and Khmer are written without spaces between words,
-- and FTS5's unicode61 tokenizer made a whole run of their letters one
-- token: a search for กรุงเทพมหานคร ("Bangkok") found nothing inside a
-- sentence. Their letters are now indexed one per token, with the marks
-- that follow each, as CJK letters are since step 12 (archive/cjk.go).
-- The articles whose indexed version holds such letters leave the index
-- here, handed back the values it indexed, and Store.IndexPending, which
-- Open runs after an upgrade, indexes them again.
CREATE TEMP TABLE unspaced_indexed AS
SELECT a.indexed_version_id AS id FROM articles a JOIN versions v ON v.id = a.indexed_version_id
WHERE (v.title || ' ' || v.byline || ' ' || v.text) GLOB '*[฀-໿က-႟ក-៿]*';

INSERT INTO search (search, rowid, title, byline, text)
SELECT 'delete', s.id, s.title, s.byline, s.text FROM search_source s WHERE s.id IN (SELECT id FROM unspaced_indexed);

DELETE FROM search_split WHERE version_id IN (SELECT id FROM unspaced_indexed);

UPDATE articles SET indexed_version_id = NULL WHERE indexed_version_id IN (SELECT id FROM unspaced_indexed);

DROP TABLE unspaced_indexed;

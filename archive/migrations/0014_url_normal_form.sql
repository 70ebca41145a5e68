-- URLs are keyed in RFC 3986's normal form from this version on (see
-- parse/urlnorm): percent-escapes in upper case, escaped letters, digits
-- and "-._~" unescaped, "." and ".." segments removed, and the bytes a
-- query cannot hold unescaped escaped. %c3%a9 and %C3%A9, %7E and ~, were
-- two keys, so one page was fetched twice and one story could be filed as
-- two articles. The keys stored before are rewritten by this step's Go
-- half (archive/renormalise.go), in the same transaction; articles whose
-- canonical URLs become one are merged. Nothing changes in the schema.
SELECT 1;

-- From this version on a URL's host is keyed in the form it is looked up
-- by (see parse/urlnorm.Host): a name beyond ASCII in its ASCII form
-- (café.example, stored escaped as caf%C3%A9.example, is
-- xn--caf-dma.example), an IPv6 literal in its canonical form ([0:0::1]
-- is [::1]). The click ids urlnorm drops since migration 0014 (gclsrc,
-- srsltid...) leave the keys too, and a host's trailing dot. The keys
-- stored before are rewritten by this step's Go half
-- (archive/renormalise.go), in the same transaction, as in 0014; articles
-- whose canonical URLs become one are merged. Nothing changes in the schema.
SELECT 1;

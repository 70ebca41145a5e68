-- `crawl URL` named the source of its start URLs "host:port" until
-- 2026-11-27, a name a configuration file refuses; it now names it
-- "host_port" (crawler/config.AdHocName), so that a config can carry such
-- a source on. Sources already named so take the new name, with their
-- runs and their unfinished frontier (both kept by the source's id), so
-- the next `crawl URL` of the site resumes and continues them instead of
-- starting a second source. A name two old sources would share, or one a
-- source holds already, is left as it was.
UPDATE sources SET name = lower(replace(name, ':', '_'))
WHERE name GLOB '[A-Za-z0-9]*:[0-9]*'
    AND name NOT GLOB '*[^A-Za-z0-9.:-]*'
    AND name NOT GLOB '*:*:*'
    AND name NOT GLOB '*:*[^0-9]*'
    AND NOT EXISTS (SELECT 1 FROM sources o WHERE o.id <> sources.id
        AND lower(replace(o.name, ':', '_')) = lower(replace(sources.name, ':', '_')));

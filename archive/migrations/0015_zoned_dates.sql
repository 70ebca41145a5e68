-- From this version on, versions.published and versions.modified keep the
-- offset the page gave its dates: the UTC instant as before, followed by
-- the offset when it is not UTC ("2019-11-13T22:06:00.000000Z+01:00"), so
-- the text still sorts and compares by the instant. An older build would
-- fail to read such a date, so the version rises: it refuses the archive
-- as newer instead. Nothing changes in the schema; dates stored before
-- stay in UTC until reparse refreshes them.
SELECT 1;

-- Sources and runs are filled by the crawler and the scheduler; every fetch
-- and version can point at the run and source that produced it.
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    config_hash TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

CREATE TABLE runs (
    id         INTEGER PRIMARY KEY,
    source_id  INTEGER REFERENCES sources (id),
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    status     TEXT NOT NULL,
    fetches    INTEGER NOT NULL DEFAULT 0,
    articles   INTEGER NOT NULL DEFAULT 0,
    errors     INTEGER NOT NULL DEFAULT 0,
    message    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_source ON runs (source_id, started_at);

-- Bodies are content-addressed by the SHA-256 of the raw bytes as received;
-- data holds them compressed with the named encoding.
CREATE TABLE bodies (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    stored_size INTEGER NOT NULL,
    encoding    TEXT NOT NULL,
    data        BLOB NOT NULL
);

-- One row per HTTP exchange, failures included. Headers are kept in wire
-- form ("Name: value" lines) so a WARC record can be rebuilt.
CREATE TABLE fetches (
    id               INTEGER PRIMARY KEY,
    run_id           INTEGER REFERENCES runs (id),
    source_id        INTEGER REFERENCES sources (id),
    requested_url    TEXT NOT NULL,
    final_url        TEXT NOT NULL,
    method           TEXT NOT NULL,
    status           INTEGER NOT NULL,
    proto            TEXT NOT NULL,
    response_headers TEXT NOT NULL,
    request_headers  TEXT NOT NULL,
    remote_ip        TEXT NOT NULL,
    fetched_at       TEXT NOT NULL,
    duration_ms      INTEGER NOT NULL,
    error            TEXT NOT NULL,
    truncated        INTEGER NOT NULL,
    body_sha256      TEXT REFERENCES bodies (sha256)
);
CREATE INDEX fetches_final_url ON fetches (final_url);
CREATE INDEX fetches_requested_url ON fetches (requested_url);
CREATE INDEX fetches_source ON fetches (source_id);
CREATE INDEX fetches_run ON fetches (run_id);

-- An article is an identity, keyed by its normalised canonical URL.
CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    canonical_url     TEXT NOT NULL UNIQUE,
    source_id         INTEGER REFERENCES sources (id),
    first_seen        TEXT NOT NULL,
    last_seen         TEXT NOT NULL,
    latest_version_id INTEGER
);
CREATE INDEX articles_source ON articles (source_id);

-- Other normalised URLs that led to an article: fetched URLs, redirects,
-- syndicated or AMP copies with the same content.
CREATE TABLE aliases (
    url        TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id),
    first_seen TEXT NOT NULL
);
CREATE INDEX aliases_article ON aliases (article_id);

-- Each distinct extracted content of an article. List fields are JSON arrays.
CREATE TABLE versions (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id),
    content_hash TEXT NOT NULL,
    fetch_id     INTEGER NOT NULL REFERENCES fetches (id),
    run_id       INTEGER REFERENCES runs (id),
    source_id    INTEGER REFERENCES sources (id),
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    url          TEXT NOT NULL,
    title        TEXT NOT NULL,
    byline       TEXT NOT NULL,
    authors      TEXT NOT NULL,
    published    TEXT,
    modified     TEXT,
    site_name    TEXT NOT NULL,
    language     TEXT NOT NULL,
    description  TEXT NOT NULL,
    text         TEXT NOT NULL,
    html         TEXT NOT NULL,
    images       TEXT NOT NULL,
    top_image    TEXT NOT NULL,
    tags         TEXT NOT NULL,
    UNIQUE (article_id, content_hash)
);
CREATE INDEX versions_content_hash ON versions (content_hash);
CREATE INDEX versions_fetch ON versions (fetch_id);

-- Full-text index over the latest version of each article; rowid is the
-- version id, content is read back from versions for snippets.
CREATE VIRTUAL TABLE search USING fts5 (
    title, byline, text,
    content = 'versions', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Title matches weigh most, then byline, then body text.
INSERT INTO search (search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');

package archive

import (
	"context"
	"errors"
	"fmt"
	"iter"
)

// Snapshot is one stored fetch with its raw body and the selected article
// versions extracted from it, as a web archive export writes them.
type Snapshot struct {
	Fetch    *Fetch
	Versions []ExportRow
	// BodyErr, wrapping ErrBodyUnreadable, says the stored body could not
	// be read back whole (Fetch.Body is then nil): one damaged page must
	// not keep the rest of the archive from being exported.
	BodyErr error
}

// ExportSnapshots calls fn for the fetches behind the versions the filter
// selects, in the order they were stored, each with its body and those
// versions. A filter that narrows nothing (no source, time or query)
// selects every fetch in the archive: section pages, feeds, sitemaps and
// failures too. One fetch is in memory at a time.
//
// The versions are read in fetch order, through other lookups than the
// rows of ExportRows: at the end their number is checked against
// ExportCount, so that rows a damaged page hid from one of the two are
// an error (wrapping ErrMissingRow), not an export that lacks them. The
// fetches, the versions and their count are read in one transaction, so
// that a crawl storing pages meanwhile (the daemon's) is not seen by
// some of them only; bodies are read as they are stored now (a
// compaction may have moved them since).
func (s *Store) ExportSnapshots(ctx context.Context, f ExportFilter, fn func(*Snapshot) error) error {
	tx, err := s.readers.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin export: %w", err)
	}
	defer tx.Rollback()
	next, stop := iter.Pull2(s.exportRows(ctx, tx, f, true))
	defer stop()
	vs := &versionStream{next: next}
	if err := vs.advance(); err != nil {
		return err
	}
	if err := s.emitSnapshots(ctx, tx, f, vs, fn); err != nil {
		return err
	}
	want, err := s.exportCount(ctx, tx, f)
	if err != nil {
		return err
	}
	if vs.taken != want {
		return fmt.Errorf("%d article versions selected, %d found beside their fetches: %w", want, vs.taken, ErrMissingRow)
	}
	return nil
}

// emitSnapshots calls fn for each fetch the filter selects.
func (s *Store) emitSnapshots(ctx context.Context, q reader, f ExportFilter, vs *versionStream, fn func(*Snapshot) error) error {
	if f.narrows() {
		return s.snapshotsOfVersions(ctx, q, vs, fn)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+fetchColumns+` FROM fetches ORDER BY id`)
	if err != nil {
		return fmt.Errorf("export fetches: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		fetch, err := scanFetch(rows)
		if err != nil {
			return fmt.Errorf("read fetch: %w", err)
		}
		if err := s.emitSnapshot(ctx, fetch, vs, fn); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export fetches: %w", err)
	}
	return nil
}

// snapshotsOfVersions emits only the fetches the selected versions came
// from.
func (s *Store) snapshotsOfVersions(ctx context.Context, q reader, vs *versionStream, fn func(*Snapshot) error) error {
	for vs.row != nil {
		fetch, err := fetchRowOf(ctx, q, vs.row.SnapshotID)
		if errors.Is(err, ErrNotFound) { // a version's fetch is kept while it is
			return fmt.Errorf("fetch %d of version %d: %w", vs.row.SnapshotID, vs.row.VersionID, ErrMissingRow)
		}
		if err != nil {
			return err
		}
		if err := s.emitSnapshot(ctx, fetch, vs, fn); err != nil {
			return err
		}
	}
	return nil
}

// emitSnapshot reads fetch's body and calls fn with it and its versions.
func (s *Store) emitSnapshot(ctx context.Context, fetch *Fetch, vs *versionStream, fn func(*Snapshot) error) error {
	snap := &Snapshot{Fetch: fetch}
	if fetch.BodySHA256 != "" {
		body, err := s.Body(ctx, fetch.BodySHA256)
		switch {
		case errors.Is(err, ErrBodyUnreadable):
			snap.BodyErr, body = err, nil
		case err != nil:
			return err
		}
		fetch.Body = body
	}
	versions, err := vs.take(fetch.ID)
	if err != nil {
		return err
	}
	snap.Versions = versions
	return fn(snap)
}

// versionStream walks the selected versions in fetch order beside the
// fetches, a merge join that keeps one row in memory.
type versionStream struct {
	next  func() (*ExportRow, error, bool)
	row   *ExportRow // the head; nil at the end
	taken int        // rows taken so far
}

func (v *versionStream) advance() error {
	row, err, ok := v.next()
	if !ok {
		v.row = nil
		return nil
	}
	if err != nil {
		v.row = nil
		return err
	}
	v.row = row
	return nil
}

// take returns copies of the rows extracted from fetch id, skipping any
// of an earlier fetch.
func (v *versionStream) take(id int64) ([]ExportRow, error) {
	var out []ExportRow
	for v.row != nil && v.row.SnapshotID <= id {
		if v.row.SnapshotID == id {
			out = append(out, *v.row)
			v.taken++
		}
		if err := v.advance(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

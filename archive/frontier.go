package archive

import (
	"context"
	"fmt"
	"sync"
)

// Frontier is the persistent frontier of one source's crawl: the URLs seen
// and the requests waiting, kept in the database so that a run killed
// mid-way is resumed by the next one without fetching again what it had.
// The requests are opaque bytes: the archive does not know the crawler's
// format.
//
// A crawl asks the frontier something for every link it finds, so the
// frontier keeps off the single write connection: the waiting requests
// are also held in memory (the crawl's page budget bounds them), and new
// requests are written behind, in the transaction of the next SaveBatch,
// so a page and the links it queued are stored together. It is safe for
// concurrent use.
//
// A URL is stored as seen with its request, never alone: the crawl sees a
// link before it decides to queue it (scope, robots.txt, the archive's
// lookup), and a URL stored as seen whose request a stop or a kill kept
// from being written would be taken for done by the run that resumes, and
// not fetched before the run after. A URL seen and not queued (refused,
// archived already) is judged again on resume, as cheaply as the first
// time.
type Frontier struct {
	s        *Store
	sourceID int64
	// stored is set when the database held seen URLs at open: a resumed
	// run must look them up; a fresh one knows all it has seen.
	stored bool

	mu     sync.Mutex
	seen   map[string]struct{} // URLs seen by this process
	pushed []queued            // queued, not yet written; their URLs are stored as seen with them
	ready  []queued            // waiting requests, oldest first
	// taken holds the URLs of the requests Pop handed out whose fetch no
	// save has recorded yet: their rows stay, so one pushed back (a
	// cancelled crawl gives back what it took and did not fetch) must
	// wait again without a second row, or a resumed run fetches it twice.
	taken map[string]struct{}
}

type queued struct {
	url     string
	request []byte
}

// Frontier opens the frontier of a source. resumed is how many requests a
// run that did not finish left waiting (those in flight when it stopped
// included); 0 when the last run completed.
func (s *Store) Frontier(ctx context.Context, sourceID int64) (f *Frontier, resumed int, err error) {
	if sourceID == 0 {
		return nil, 0, fmt.Errorf("frontier: no source")
	}
	f = &Frontier{s: s, sourceID: sourceID, seen: map[string]struct{}{}, taken: map[string]struct{}{}}
	err = s.readers.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM frontier_seen WHERE source_id = ?)`,
		sourceID).Scan(&f.stored)
	if err != nil {
		return nil, 0, fmt.Errorf("frontier: %w", err)
	}
	rows, err := s.readers.QueryContext(ctx, `SELECT url, request FROM frontier_queue WHERE source_id = ? ORDER BY id`, sourceID)
	if err != nil {
		return nil, 0, fmt.Errorf("frontier: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q queued
		if err := rows.Scan(&q.url, &q.request); err != nil {
			return nil, 0, fmt.Errorf("frontier: %w", err)
		}
		f.ready = append(f.ready, q)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("frontier: %w", err)
	}
	return f, len(f.ready), nil
}

// See marks a URL seen and reports whether it was not seen before, by this
// run or by the unfinished run it resumes (which stored the URLs it
// queued).
func (f *Frontier) See(ctx context.Context, url string) (bool, error) {
	f.mu.Lock()
	_, dup := f.seen[url]
	f.mu.Unlock()
	if dup {
		return false, nil
	}
	n := 0
	if f.stored {
		err := f.s.readers.QueryRowContext(ctx, `SELECT COUNT(*) FROM frontier_seen WHERE source_id = ? AND url = ?`,
			f.sourceID, url).Scan(&n)
		if err != nil {
			return false, fmt.Errorf("frontier see: %w", err)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, dup := f.seen[url]; dup {
		return false, nil
	}
	f.seen[url] = struct{}{}
	return n == 0, nil
}

// Push queues a request for a URL. It is written, and the URL stored as
// seen, with the next SaveBatch or Flush. A request for a URL that Pop handed out and no save recorded
// is put back: it waits again under the row it kept.
func (f *Frontier) Push(url string, request []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := queued{url, request}
	f.ready = append(f.ready, q)
	if _, ok := f.taken[url]; ok {
		delete(f.taken, url)
		return
	}
	f.pushed = append(f.pushed, q)
}

// Pop takes the oldest waiting request, false when none waits. It stays in
// the database until SaveBatch saves its fetch, so a request in flight
// when the process dies is fetched by the next run.
func (f *Frontier) Pop() ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.ready) == 0 {
		return nil, false
	}
	q := f.ready[0]
	f.ready[0] = queued{}
	f.ready = f.ready[1:]
	f.taken[q.url] = struct{}{}
	return q.request, true
}

// Pending counts the requests waiting.
func (f *Frontier) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.ready)
}

// Flush writes the URLs and requests not yet written.
func (f *Frontier) Flush(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.flushLocked(ctx)
}

func (f *Frontier) flushLocked(ctx context.Context) error {
	if len(f.pushed) == 0 {
		return nil
	}
	tx, err := f.s.begin(ctx)
	if err != nil {
		return fmt.Errorf("frontier write: %w", describe(err))
	}
	defer tx.Rollback()
	if err := writePushed(ctx, tx, f.sourceID, f.pushed); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("frontier write: %w", describe(err))
	}
	f.pushed = nil
	return nil
}

// writePushed stores the requests queued and their URLs as seen.
func writePushed(ctx context.Context, tx *writeTx, sourceID int64, pushed []queued) error {
	for _, q := range pushed {
		if _, err := tx.ExecContext(ctx, `INSERT INTO frontier_seen (source_id, url) VALUES (?, ?)
			ON CONFLICT DO NOTHING`, sourceID, q.url); err != nil {
			return fmt.Errorf("frontier write: %w", describe(err))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO frontier_queue (source_id, url, request) VALUES (?, ?, ?)`,
			sourceID, q.url, q.request); err != nil {
			return fmt.Errorf("frontier write: %w", describe(err))
		}
	}
	return nil
}

// SaveBatch stores records as Store.SaveBatch does and, in the same
// transaction, writes the buffered URLs and requests and removes the
// requests of the records' URLs: a page and the links it queued are
// stored together, and a saved page is not fetched again on resume. The
// buffers are taken out first, so the crawl goes on queueing meanwhile.
// Unlike Store.SaveBatch it leaves the articles out of the full-text
// index: the crawl calls Store.IndexPending every few dozen articles.
func (f *Frontier) SaveBatch(ctx context.Context, rs []Record) ([]Saved, error) {
	bodies, err := f.s.prepareBodies(ctx, rs)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	pushed := f.pushed
	f.pushed = nil
	f.mu.Unlock()
	out, err := f.saveWith(ctx, rs, bodies, pushed)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil {
		// Put the buffer back, ahead of what was queued meanwhile.
		f.pushed = append(pushed, f.pushed...)
		return out, err
	}
	// Their rows are gone: a request for one of them is new again.
	for i := range rs {
		if !rs[i].KeepQueued {
			delete(f.taken, rs[i].Fetch.RequestedURL)
		}
	}
	return out, nil
}

func (f *Frontier) saveWith(ctx context.Context, rs []Record, bodies []*body, pushed []queued) ([]Saved, error) {
	tx, err := f.s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin save: %w", describe(err))
	}
	defer tx.Rollback()
	tx.indexLater = true
	if err := writePushed(ctx, tx, f.sourceID, pushed); err != nil {
		return nil, err
	}
	out := make([]Saved, len(rs))
	for i := range rs {
		if out[i], err = f.s.saveRecord(ctx, tx, &rs[i], bodies[i]); err != nil {
			return nil, fmt.Errorf("save %s: %w", rs[i].Fetch.RequestedURL, err)
		}
		if rs[i].KeepQueued {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM frontier_queue WHERE source_id = ? AND url = ?`,
			f.sourceID, rs[i].Fetch.RequestedURL); err != nil {
			return nil, fmt.Errorf("frontier done: %w", describe(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit save: %w", describe(err))
	}
	return out, nil
}

// Clear forgets the source's seen URLs and waiting requests: the run is
// complete and the next one starts afresh.
func (f *Frontier) Clear(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	tx, err := f.s.begin(ctx)
	if err != nil {
		return fmt.Errorf("frontier clear: %w", describe(err))
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM frontier_queue WHERE source_id = ?`,
		`DELETE FROM frontier_seen WHERE source_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, f.sourceID); err != nil {
			return fmt.Errorf("frontier clear: %w", describe(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("frontier clear: %w", describe(err))
	}
	clear(f.seen)
	clear(f.taken)
	f.pushed, f.ready, f.stored = nil, nil, false
	return nil
}

package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// stmtCache holds the writer connection's prepared statements by query
// text: saving a page runs about ten statements, and preparing each anew
// (parsing and planning the SQL) took a tenth of the writer's time.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// get returns the statement prepared for query, or nil when it is not
// yet.
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

// prepare prepares queries not yet cached. It waits for the writer
// connection (the pool holds only that one) without holding the lock, so
// the transaction that has it goes on.
func (c *stmtCache) prepare(ctx context.Context, queries []string) error {
	for _, q := range queries {
		if c.get(q) != nil {
			continue
		}
		st, err := c.db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = map[string]*sql.Stmt{}
		}
		if _, ok := c.m[q]; ok {
			st.Close() // another transaction prepared it meanwhile
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
	return nil
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, st := range c.m {
		errs = append(errs, st.Close())
	}
	c.m = nil
	return errors.Join(errs...)
}

// writeTx is a write transaction that runs its statements from the
// store's cache of prepared statements. A query not prepared yet runs
// unprepared and is prepared after the commit, for the next transactions.
type writeTx struct {
	*sql.Tx
	stmts   *stmtCache
	unseen  []string
	spooled *spool // the spool, once a body was written to it: synced before the commit
	// spoolStart is the spool's end before the transaction's first body:
	// a rollback cuts the spool back to it.
	spoolStart int64
	// committing is set once Commit reached SQLite's commit: from then on
	// the write lock may be gone, and the spool is not the transaction's
	// to cut.
	committing bool
	// indexLater leaves the articles it saves out of the full-text index,
	// for IndexPending to add in batches.
	indexLater bool
	// store is the store the transaction writes, for reading back stored
	// pages (see extractorChange).
	store *Store
	wait  *lockWait // ended with the transaction
}

// begin starts a write transaction on the writer connection. The
// transaction itself is not tied to ctx: database/sql would roll it back
// on its own when ctx ends, releasing the write lock before Rollback cuts
// the spool. Its statements still take ctx, and a cancelled one fails the
// transaction, which its caller rolls back. The wait for another
// connection's write lock, though, ends with ctx (the transaction would
// fail at its first statement) or at the bound of WaitForLockUntil,
// rather than last the busy timeout.
func (s *Store) begin(ctx context.Context) (*writeTx, error) {
	wait := newLockWait(ctx)
	tx, err := s.writer.BeginTx(wait.ctx, nil)
	if wait.begun() {
		if err == nil {
			_ = tx.Rollback() // nothing written yet
		}
		wait.end()
		return nil, cutShort(ctx, err)
	}
	if err != nil {
		wait.end()
		return nil, err
	}
	return &writeTx{Tx: tx, stmts: &s.stmts, store: s, wait: wait}, nil
}

// stmt is the transaction's copy of query's prepared statement, or nil.
func (t *writeTx) stmt(ctx context.Context, query string) *sql.Stmt {
	st := t.stmts.get(query)
	if st == nil {
		t.unseen = append(t.unseen, query)
		return nil
	}
	return t.StmtContext(ctx, st)
}

// ExecContext runs query as sql.Tx.ExecContext does.
func (t *writeTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

// QueryRowContext runs query as sql.Tx.QueryRowContext does.
func (t *writeTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}

// QueryContext runs query as sql.Tx.QueryContext does.
func (t *writeTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

// Commit syncs the spool when the transaction wrote bodies to it, so no
// committed row points at bytes a power cut could lose; commits; then
// prepares the queries the transaction ran unprepared. A failure to
// prepare only costs speed: it is not reported.
func (t *writeTx) Commit() error {
	if t.spooled != nil {
		if err := t.spooled.sync(); err != nil {
			return err
		}
	}
	t.committing = true
	err := t.Tx.Commit()
	t.wait.end()
	if err != nil {
		return err
	}
	if len(t.unseen) > 0 {
		_ = t.stmts.prepare(context.Background(), t.unseen)
	}
	return nil
}

// Rollback cuts the bodies the transaction appended off the spool, while
// it still holds the write lock (no other writer, in this process or
// another, appends meanwhile), then rolls it back: no row points at those
// bytes, and a batch that a full disk refused must not keep its first
// bodies' space. After a commit it does nothing, as sql.Tx's does.
func (t *writeTx) Rollback() error {
	if t.spooled != nil && !t.committing {
		_ = t.spooled.cut(t.spoolStart) // bytes left past the end are harmless, only space
	}
	err := t.Tx.Rollback()
	t.wait.end()
	return err
}

package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"
)

// rebaseAfterMisses is how many bodies of a host in a row must fail to
// make a useful delta against its base before a body stored whole becomes
// the new base. One would rebuild an encoder for every page of a host
// whose pages share little; never would keep a redesigned site on a stale
// base for good.
const rebaseAfterMisses = 8

// minBaseShare is the least share of a body's sketch features its host's
// base must hold for a delta against the base to be tried once a body
// missed the base (see hostBaseToTry): a failed try costs as much as
// compressing the body whole again, and building the base's encoder more.
// Between the extraction benchmark's pages (2026-11-28), every delta kept
// between two pages of one site came with a share of 0.41 or more, and no
// pair under 0.2 made one worth keeping.
const minBaseShare = 0.25

// maxSketches bounds the sketches of bases one compaction keeps (about 10
// KB each): a crawl of many sites compacts them host after host.
const maxSketches = 256

// compactBatchSize is how many bodies one compaction transaction
// re-encodes: big enough to amortise the commit, small enough that the
// write lock is held for a fraction of a second.
const compactBatchSize = 64

// compactBatchBytes bounds the raw bytes of a compaction batch (a body
// larger than it makes a batch alone): a batch writes at most about its
// raw size into the database and as much into the write-ahead log before
// its spool space is given back, which is what a nearly full disk must
// still hold, and its bodies are in memory at once.
const compactBatchBytes = 8 << 20

// Compacted counts what Compact re-encoded.
type Compacted struct {
	Bodies int   // bodies re-encoded in zstd, from the spool or S2
	Deltas int   // of them, stored as a delta against another body
	Raw    int64 // their raw size
	Before int64 // bytes they took as stored by ingest (raw when spooled)
	After  int64 // bytes they take now
}

func (c *Compacted) add(o Compacted) {
	c.Bodies += o.Bodies
	c.Deltas += o.Deltas
	c.Raw += o.Raw
	c.Before += o.Before
	c.After += o.After
}

// pendingBody is a body as ingest stored it, with the URL it was first
// fetched from.
type pendingBody struct {
	storedBody // spooled, or S2 from an older version
	rowid      int64
	sha        string
	stored     int // bytes it takes as stored
	url        string
	host       string
}

// compacted is a pending body re-encoded, ready to write.
type compacted struct {
	pendingBody
	zstd    []byte
	base    string // sha256 of the full body zstd is a delta against, or ""
	newBase bool   // a whole body that becomes its host's base
}

// baseBody is a full body compacted in the current batch, available as a
// base to later bodies of its host before it is written.
type baseBody struct {
	sha string
	raw []byte
}

// hostBases is what one Compact call knows of hosts: the bases chosen in
// the current batch, how many bodies of each host in a row missed their
// base, which bases replaced one that missed, and the sketches of the
// bases compared with bodies.
type hostBases struct {
	batch    map[string]baseBody
	misses   map[string]int
	rebased  map[string]bool   // the base replaces one bodies missed, and none matched it yet
	sketches map[string]sketch // by the base's sha256
}

// Compact re-encodes the bodies ingest spooled raw (and the S2 bodies
// older versions stored) densely in zstd at the store's level: as a delta
// against the latest earlier full body of the same URL, else against its
// host's base (the latest full body stored from that host), else whole; a
// body stored whole becomes its host's base. Pages of one site share most of
// their bytes, so a delta is a fraction of a whole body.
//
// It works on one goroutine, a batch per transaction, so a crawl keeps the
// other cores and readers never wait long; it returns when no body waits
// or ctx is done, keeping what it finished. A body whose bytes no longer
// decode or match their hash is logged once, recorded as damaged (for
// Check to report) and left as it is, until a later Compact finds it whole
// again. Spooled bodies are not compacted out of a missing spool
// (ErrSpoolMissing). Once no body waits, it empties the spool.
func (s *Store) Compact(ctx context.Context) (Compacted, error) {
	return s.CompactReporting(ctx, nil)
}

// CompactReporting is Compact telling report, when not nil, what it has
// done so far each time it has written a batch (a few dozen bodies, up to
// 8 MiB of them).
func (s *Store) CompactReporting(ctx context.Context, report func(Compacted)) (Compacted, error) {
	s.compactMu.Lock()
	defer s.compactMu.Unlock()
	defer s.deltas.clear()
	var total Compacted
	if err := s.checkSpool(ctx); err != nil {
		return total, err
	}
	if _, err := s.recheckDamaged(ctx); err != nil {
		return total, err
	}
	hosts := hostBases{misses: map[string]int{}, rebased: map[string]bool{}, sketches: map[string]sketch{}}
	// S2 bodies are older than any spooled one: bases follow the order
	// bodies were stored in.
	written := func(batch Compacted) {
		total.add(batch)
		if report != nil {
			report(total)
		}
	}
	for _, enc := range []string{encodingS2, encodingSpool} {
		if err := s.compactEncoding(ctx, enc, hosts, written); err != nil {
			return total, err
		}
	}
	return total, s.emptySpool(ctx)
}

// compactEncoding compacts the bodies stored in enc, a batch at a time,
// until none is left, telling written what each batch did.
func (s *Store) compactEncoding(ctx context.Context, enc string, hosts hostBases, written func(Compacted)) error {
	var after int64
	for {
		pend, err := s.pendingBodies(ctx, enc, after)
		if err != nil || len(pend) == 0 {
			return err
		}
		after = pend[len(pend)-1].rowid
		hosts.batch = map[string]baseBody{}
		done, err := s.compactBatch(ctx, pend, hosts)
		clear(hosts.misses) // written with the batch; read again when needed
		written(done)
		if err != nil {
			return err
		}
	}
}

// notDamaged keeps the bodies compaction did not find damaged; b names
// the bodies table.
const notDamaged = `NOT EXISTS (SELECT 1 FROM damaged_bodies d WHERE d.sha256 = b.sha256)`

// pendingEncoding keeps the bodies Compact has yet to re-encode, as the
// bodies_pending index lists them; b names the bodies table.
const pendingEncoding = `b.encoding IN ('s2', 'spool')`

// Pending counts the bodies Compact has yet to re-encode.
func (s *Store) Pending(ctx context.Context) (int64, error) {
	var n int64
	err := s.readers.QueryRowContext(ctx, `SELECT COUNT(*) FROM bodies b WHERE `+pendingEncoding+` AND `+notDamaged).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count bodies to compact: %w", err)
	}
	return n, nil
}

// pendingBodiesQuery lists the bodies stored in an encoding (the first
// argument) after a rowid, at most a number of them, with the URL each
// was first fetched from.
const pendingBodiesQuery = `SELECT b.rowid, b.sha256, b.encoding, b.size, b.stored_size, b.data, b.spool_offset,
	COALESCE((SELECT f.final_url FROM fetches f WHERE f.body_sha256 = b.sha256 ORDER BY f.id LIMIT 1), '')
	FROM bodies b WHERE b.encoding = ? AND ` + pendingEncoding + ` AND b.rowid > ? AND ` + notDamaged + `
	ORDER BY b.rowid LIMIT ?`

// pendingBodies reads the next batch of bodies stored in enc after rowid
// after. The query names one encoding besides pendingEncoding: that way
// SQLite still uses the partial index, and walks it in rowid order
// instead of sorting every pending body for each batch.
func (s *Store) pendingBodies(ctx context.Context, enc string, after int64) ([]pendingBody, error) {
	rows, err := s.readers.QueryContext(ctx, pendingBodiesQuery, enc, after, compactBatchSize)
	if err != nil {
		return nil, fmt.Errorf("read bodies to compact: %w", err)
	}
	defer rows.Close()
	var out []pendingBody
	raw := 0
	for rows.Next() {
		var p pendingBody
		if err := rows.Scan(&p.rowid, &p.sha, &p.enc, &p.size, &p.stored, &p.data, &p.offset, &p.url); err != nil {
			return nil, fmt.Errorf("read bodies to compact: %w", err)
		}
		if raw += p.size; len(out) > 0 && raw > compactBatchBytes {
			break // the next batch starts with it
		}
		p.host = hostOf(p.url)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read bodies to compact: %w", err)
	}
	return out, nil
}

// compactBatch re-encodes a batch and writes it in one transaction.
func (s *Store) compactBatch(ctx context.Context, pend []pendingBody, hosts hostBases) (Compacted, error) {
	out := make([]compacted, 0, len(pend))
	var damaged []damagedBody
	for _, p := range pend {
		raw, err := s.decodeBody(ctx, p.storedBody)
		if err == nil && hashBody(raw) != p.sha {
			err = errHashMismatch
		}
		if err != nil {
			moved, merr := s.movedMeanwhile(ctx, p)
			if merr != nil {
				return Compacted{}, merr
			}
			if !moved {
				s.log.Warn("damaged body left uncompacted", slog.String("sha256", p.sha), slog.String("error", err.Error()))
				damaged = append(damaged, damagedBody{sha: p.sha, err: err.Error()})
			}
			continue
		}
		c, err := s.encodeCompact(ctx, p, raw, hosts)
		if err != nil {
			return Compacted{}, err
		}
		out = append(out, c)
	}
	return s.writeCompacted(ctx, out, damaged, hosts.misses)
}

// movedMeanwhile tells whether a body that failed to read is no longer
// stored as it was when read: another process compacted it, and may have
// emptied the spool under this one's read. It is not damaged. A spooled
// body never becomes spooled again, so its encoding is enough to tell.
func (s *Store) movedMeanwhile(ctx context.Context, p pendingBody) (bool, error) {
	var enc string
	err := s.readers.QueryRowContext(ctx, `SELECT encoding FROM bodies WHERE sha256 = ?`, p.sha).Scan(&enc)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up body %s: %w", p.sha, err)
	}
	return enc != p.enc, nil
}

// damagedBody is a body compaction could not read back.
type damagedBody struct{ sha, err string }

// encodeCompact encodes one body as a delta when a base serves, else
// whole. A whole body of a host with no base, or whose base the last
// rebaseAfterMisses bodies missed, becomes the base of its later bodies.
func (s *Store) encodeCompact(ctx context.Context, p pendingBody, raw []byte, hosts hostBases) (compacted, error) {
	c := compacted{pendingBody: p}
	base, err := s.baseFor(ctx, p, hosts)
	if err != nil {
		return c, err
	}
	try := base.sha
	if base.ofHost {
		try, err = s.hostBaseToTry(ctx, p.host, &base, raw, hosts)
	}
	if err == nil {
		c.zstd, c.base, err = s.compressBody(ctx, raw, try, base.raw)
	}
	if errors.Is(err, ErrBodyUnreadable) || errors.Is(err, ErrNotFound) {
		// The base rotted on disk (VerifyBodies reports it): this body
		// is stored whole and, of a host, becomes its base instead.
		s.log.Warn("delta base unreadable, body stored whole", slog.String("sha256", p.sha),
			slog.String("base", base.sha), slog.String("error", err.Error()))
		base, c.zstd, c.base, err = candidate{}, s.compressWhole(raw), "", nil
	}
	if err != nil {
		return c, err
	}
	if c.base != "" {
		hosts.misses[p.host] = 0
		delete(hosts.rebased, p.host)
		return c, nil
	}
	if p.host == "" || s.noDelta || p.size < minHostDelta || p.size > maxHostBase {
		return c, nil
	}
	if base.sha != "" {
		if hosts.misses[p.host]++; hosts.misses[p.host] < rebaseAfterMisses {
			return c, nil
		}
	}
	hosts.rebased[p.host] = base.sha != ""
	hosts.misses[p.host] = 0
	c.newBase = true
	hosts.batch[p.host] = baseBody{sha: p.sha, raw: raw}
	return c, nil
}

// hostBaseToTry is the host's base when a body of the host should try a
// delta against it, else "". While the base serves the host's bodies,
// every body tries; once one missed it, or when it replaced a base bodies
// kept missing, only a body whose sketch the base shares enough of. On a
// host whose pages share little, sketching a page costs a tenth of a
// failed try, and a new base's encoder (about 10 ms to build) is built
// only for a body like it. The base's raw bytes, when read for its
// sketch, are kept in base for its encoder.
func (s *Store) hostBaseToTry(ctx context.Context, host string, base *candidate, raw []byte, hosts hostBases) (string, error) {
	if hosts.misses[host] == 0 && !hosts.rebased[host] {
		return base.sha, nil
	}
	sk, ok := hosts.sketches[base.sha]
	if !ok {
		if base.raw == nil {
			var err error
			if base.raw, err = s.Body(ctx, base.sha); err != nil {
				return "", err
			}
		}
		if len(hosts.sketches) >= maxSketches {
			clear(hosts.sketches)
		}
		sk = sketchOf(base.raw)
		hosts.sketches[base.sha] = sk
	}
	if sk.shareOf(raw) < minBaseShare {
		return "", nil
	}
	return base.sha, nil
}

// candidate is a full body a pending body may be a delta against.
type candidate struct {
	sha    string
	raw    []byte // its raw bytes when at hand, else nil
	ofHost bool   // the host's base, not the URL's earlier page
}

// baseFor finds the full body p can be a delta against: the URL's own
// earlier page shares more with it than any other page of the site, else
// the host's base, from this batch or stored.
func (s *Store) baseFor(ctx context.Context, p pendingBody, hosts hostBases) (candidate, error) {
	if s.noDelta {
		return candidate{}, nil
	}
	sha, err := s.urlBase(ctx, p.url, p.sha, p.size)
	if err != nil || sha != "" || p.size < minHostDelta || p.host == "" {
		return candidate{sha: sha}, err
	}
	if b, ok := hosts.batch[p.host]; ok {
		return candidate{sha: b.sha, raw: b.raw, ofHost: true}, nil
	}
	sha, misses, err := s.hostBase(ctx, p.host)
	if _, seen := hosts.misses[p.host]; !seen && sha != "" {
		hosts.misses[p.host] = misses
	}
	return candidate{sha: sha, ofHost: sha != ""}, err
}

// compressBody compresses raw whole, or as a delta against base (whose
// raw bytes are baseRaw, or read from the store when nil), and returns
// the base it used. A delta is kept when small, or when clearly smaller
// than the whole body; otherwise the page has drifted from its base (a
// live blog, a redesign): it is stored whole.
func (s *Store) compressBody(ctx context.Context, raw []byte, base string, baseRaw []byte) ([]byte, string, error) {
	if base == "" {
		return s.compressWhole(raw), "", nil
	}
	enc, err := s.deltaEncoder(ctx, base, baseRaw)
	if err != nil {
		return nil, "", err
	}
	delta := enc.EncodeAll(raw, make([]byte, 0, len(raw)/32))
	if len(delta) <= len(raw)/maxDeltaShare {
		return delta, base, nil
	}
	whole := s.compressWhole(raw)
	if len(delta) <= len(whole)*keepDeltaNum/keepDeltaDen {
		return delta, base, nil
	}
	return whole, "", nil
}

func (s *Store) compressWhole(raw []byte) []byte {
	return s.enc.EncodeAll(raw, make([]byte, 0, len(raw)/4))
}

// writeCompacted replaces the spooled or S2 bodies of a batch by their
// zstd form. A body compacted meanwhile by another process is left as it
// is, and so is a delta whose base is no longer a full zstd body: deltas
// never chain.
func (s *Store) writeCompacted(ctx context.Context, cs []compacted, damaged []damagedBody, misses map[string]int) (Compacted, error) {
	var done Compacted
	if len(cs)+len(damaged) == 0 {
		return done, nil
	}
	var spooled []spoolRange
	tx, err := s.begin(ctx)
	if err != nil {
		return done, fmt.Errorf("begin compaction: %w", describe(err))
	}
	defer tx.Rollback()
	for _, c := range cs {
		ok, err := replaceBody(ctx, tx, c)
		if err != nil {
			return Compacted{}, err
		}
		if !ok {
			continue
		}
		if c.newBase {
			if err := setHostBase(ctx, tx, c.host, c.sha); err != nil {
				return Compacted{}, err
			}
		}
		done.add(Compacted{Bodies: 1, Raw: int64(c.size), Before: int64(c.stored), After: int64(len(c.zstd))})
		if c.enc == encodingSpool {
			spooled = append(spooled, spoolRange{offset: c.offset.Int64, size: int64(c.size)})
		}
		if c.base != "" {
			done.Deltas++
		}
	}
	if err := setHostMisses(ctx, tx, misses); err != nil {
		return Compacted{}, err
	}
	if err := markDamaged(ctx, tx, damaged, s.now()); err != nil {
		return Compacted{}, err
	}
	if err := tx.Commit(); err != nil {
		return Compacted{}, fmt.Errorf("commit compaction: %w", describe(err))
	}
	s.releaseSpooled(ctx, spooled)
	return done, nil
}

// releaseSpooled frees the spool's disk space under bodies a committed
// compaction stored in the table. The WAL is synced first: with
// synchronous=NORMAL a power cut could otherwise roll the compaction back
// and leave rows pointing at freed bytes. A failure costs only disk space
// until the spool is emptied, so it is logged, not returned.
func (s *Store) releaseSpooled(ctx context.Context, ranges []spoolRange) {
	if len(ranges) == 0 {
		return
	}
	err := syncFile(s.path + "-wal")
	if err == nil {
		err = s.releaseUnderLock(ctx, ranges)
	}
	if err != nil && ctx.Err() == nil { // stopped, the command says so itself
		s.log.Warn("compacted bodies' spool space not released", slog.String("error", err.Error()))
	}
}

// releaseUnderLock punches the holes holding the write lock, and only
// where no spooled body lies now. Between the compaction's commit and the
// release, another process may have emptied the spool and spooled new
// bodies over the same offsets: punching there destroyed them (bodies
// found damaged after a daemon and a crawl shared an archive).
func (s *Store) releaseUnderLock(ctx context.Context, ranges []spoolRange) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("begin releasing spool space: %w", describe(err))
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT b.spool_offset, b.size FROM bodies b
		WHERE b.encoding = 'spool' AND `+pendingEncoding)
	if err != nil {
		return fmt.Errorf("read spooled bodies: %w", err)
	}
	var live []spoolRange
	for rows.Next() {
		var r spoolRange
		if err := rows.Scan(&r.offset, &r.size); err != nil {
			rows.Close()
			return fmt.Errorf("read spooled bodies: %w", err)
		}
		live = append(live, r)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("read spooled bodies: %w", err)
	}
	free := slices.DeleteFunc(slices.Clone(ranges), func(r spoolRange) bool {
		return slices.ContainsFunc(live, r.overlaps)
	})
	if err := s.spool.release(free); err != nil {
		return err
	}
	return tx.Commit()
}

// markDamaged records bodies compaction could not read back.
func markDamaged(ctx context.Context, tx *writeTx, damaged []damagedBody, now time.Time) error {
	for _, d := range damaged {
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO damaged_bodies (sha256, found_at, error) VALUES (?, ?, ?)`,
			d.sha, formatTime(now), d.err)
		if err != nil {
			return fmt.Errorf("record damaged body %s: %w", d.sha, err)
		}
	}
	return nil
}

// replaceBody writes one compacted body and reports whether it did.
func replaceBody(ctx context.Context, tx *writeTx, c compacted) (bool, error) {
	var base any
	if c.base != "" {
		base = c.base
	}
	res, err := tx.ExecContext(ctx, `UPDATE bodies AS b SET encoding = 'zstd', data = ?, stored_size = ?, base_sha256 = ?,
		spool_offset = NULL
		WHERE b.sha256 = ? AND `+pendingEncoding+` AND (?5 IS NULL OR EXISTS (
			SELECT 1 FROM bodies f WHERE f.sha256 = ?5 AND f.encoding = 'zstd' AND f.base_sha256 IS NULL))`,
		c.zstd, len(c.zstd), base, c.sha, base)
	if err != nil {
		return false, fmt.Errorf("compact body %s: %w", c.sha, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("compact body %s: %w", c.sha, err)
	}
	return n == 1, nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

// defaultDBFile is the database used when neither --db nor NEWSARCHIVE_DB
// names one: a file in the working directory.
const defaultDBFile = "newsarchive.db"

// dbEnv names the environment variable that sets the default database.
const dbEnv = "NEWSARCHIVE_DB"

// addDBFlag adds --db to a command's flags.
func addDBFlag(fs *flag.FlagSet) *string {
	def := defaultDBFile
	if v := os.Getenv(dbEnv); v != "" {
		def = v
	}
	return fs.String("db", def, "SQLite database `PATH` ($"+dbEnv+" when set)")
}

// openArchive opens the database at path. Read commands pass mustExist so
// a mistyped path is reported rather than created empty. The store logs
// (compaction, damaged bodies) to log, the command's own logger, so its
// lines look like the command's and go where the command's go. It knows
// the extractor, to tell an extractor's change of headline from an edit.
func openArchive(ctx context.Context, path string, mustExist bool, log *slog.Logger) (*archive.Store, error) {
	s, err := archive.Open(ctx, path, archive.Options{MustExist: mustExist, Logger: log, Extract: parse.Parse})
	if err != nil && ctx.Err() != nil {
		return nil, &openInterrupted{path: path, cause: context.Cause(ctx)}
	}
	if errors.Is(err, archive.ErrNoDatabase) && !archive.IsEmptyFile(err) {
		return nil, fmt.Errorf("%w (give --db PATH or set %s)", err, dbEnv)
	}
	if isMalformed(err) {
		// db check could not open it either: it has nothing to tell.
		return nil, unopenable(err)
	}
	return s, sourcerun.WithDiskFree(path, err)
}

// openInterrupted is an open cut short by Ctrl-C or SIGTERM. The
// database's own words for it name internal steps ("read schema: context
// canceled"); an upgrade cut short keeps the steps it finished, each its
// own transaction, so nothing is lost. It is context.Canceled to
// errors.Is, as the command's other interruptions are.
type openInterrupted struct {
	path  string
	cause error
}

func (e *openInterrupted) Error() string {
	return fmt.Sprintf("interrupted while opening the archive %s; nothing lost", e.path)
}

func (e *openInterrupted) Unwrap() error { return e.cause }

// openToRead opens an existing archive for a command that only reads it:
// as openArchive does (an older schema is upgraded), or, where the archive
// cannot be written (its file, directory or mount read-only to this user,
// or a full disk), read-only as it is.
func openToRead(ctx context.Context, path string, log *slog.Logger) (*archive.Store, error) {
	s, err := openArchive(ctx, path, true, log)
	if err == nil || !archive.Unwritable(err) {
		return s, err
	}
	ro, roErr := archive.Open(ctx, path, archive.Options{ReadOnly: true, Logger: log})
	switch {
	case errors.Is(roErr, archive.ErrOlderSchema):
		// The cause to fix is the upgrade, which needs a writable copy.
		return nil, fmt.Errorf("%w; here it cannot be written%s", roErr, readOnlyFS(path))
	case roErr != nil && sameCause(err, roErr):
		return nil, err
	case roErr != nil:
		return nil, fmt.Errorf("%w (read-only: %v)", err, roErr)
	}
	return ro, nil
}

// sameCause reports whether two errors say one thing (a damaged file
// refused by both ways of opening it).
func sameCause(a, b error) bool {
	return strings.Contains(a.Error(), b.Error()) || strings.Contains(b.Error(), a.Error())
}

// readOnlyFS says, for an error's end, that path lies on a file system
// mounted read-only, or returns "".
func readOnlyFS(path string) string {
	if archive.ReadOnlyFS(path) {
		return " (its file system is mounted read-only)"
	}
	return ""
}

// readFormats are the output formats of the read commands.
var readFormats = []string{"text", "json"}

func checkFormat(cmd, format string, allowed []string) error {
	if slices.Contains(allowed, format) {
		return nil
	}
	return usageErrorf("%s: unknown format %q (want %s)", cmd, format, strings.Join(allowed, ", "))
}

// writeJSON writes v indented, HTML characters unescaped.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// parseDate reads a --since value: a day (2026-03-01), from its start, or
// an RFC 3339 time.
func parseDate(flagName, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := parseRFC3339(v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, usageErrorf("--%s: %q is not a date (want YYYY-MM-DD or RFC 3339)", flagName, v)
	}
	return t, nil
}

// parseUntil reads an --until value, which includes the day or the time it
// names, as the exclusive bound the archive's filters take: the next day,
// or the next microsecond (the archive's precision). A bound past the
// year 9999 is no bound: the archive's times cannot reach it.
func parseUntil(v string) (time.Time, error) {
	t, err := parseDate("until", v)
	if err != nil || v == "" {
		return t, err
	}
	if _, err := parseRFC3339(v); err == nil {
		t = t.Truncate(time.Microsecond).Add(time.Microsecond)
	} else {
		t = t.AddDate(0, 0, 1)
	}
	if t.UTC().Year() > 9999 {
		return time.Time{}, nil
	}
	return t, nil
}

// parseRange reads --since and --until together: a range that selects
// nothing (--since after --until) is a mistake to say, not an empty result.
// A bound given as a day is marked so: the archive compares it with the
// day each date names where it was given, which is the day a reader of the
// page, and of the commands' output, sees.
func parseRange(since, until string) (b archive.DateBounds, err error) {
	if b.Since, err = parseDate("since", since); err != nil {
		return b, err
	}
	if b.Until, err = parseUntil(until); err != nil {
		return b, err
	}
	b.SinceDay, b.UntilDay = since != "" && !isTime(since), until != "" && !isTime(until)
	// A day and a time cannot be ordered: the day is each article's own.
	comparable := b.SinceDay == b.UntilDay
	if comparable && !b.Since.IsZero() && !b.Until.IsZero() && !b.Since.Before(b.Until) {
		return b, usageErrorf("--since %s is after --until %s: no date is in between", since, until)
	}
	return b, nil
}

// isTime reports whether a --since or --until value is an RFC 3339 time
// rather than a day.
func isTime(v string) bool {
	_, err := parseRFC3339(v)
	return err == nil
}

// parseRFC3339 reads an RFC 3339 time in the forms its section 5.6 allows
// beside the usual one, which Go's layout refuses: a lower-case t or z,
// and a space between the date and the time (2026-03-14 10:00:00Z).
func parseRFC3339(v string) (time.Time, error) {
	if len(v) > len(time.DateOnly) && (v[10] == ' ' || v[10] == 't') {
		v = v[:10] + "T" + v[11:]
	}
	if rest, ok := strings.CutSuffix(v, "z"); ok {
		v = rest + "Z"
	}
	return time.Parse(time.RFC3339, v)
}

// resolveArticle finds the article an ID or URL argument names, wording a
// miss for the command line.
func resolveArticle(ctx context.Context, s *archive.Store, ref string) (int64, error) {
	ref = withoutCredentials(ref)
	id, err := s.Resolve(ctx, ref)
	if errors.Is(err, archive.ErrNotFound) {
		return 0, fmt.Errorf("no article %s in %s", ref, s.Path())
	}
	if errors.Is(err, archive.ErrBadRef) {
		return 0, usageErrorf("%v", err)
	}
	return id, err
}

// withoutCredentials drops a user name and password from a URL: the
// archive keeps URLs without them (the crawl sends none), and an error
// must not repeat a password.
func withoutCredentials(ref string) string {
	u, err := url.Parse(ref)
	if err != nil || u.User == nil || !isURL(ref) {
		return ref
	}
	u.User = nil
	return u.String()
}

// dbCommand is the flag handling the archive commands share: --db,
// --format and a count of positional arguments.
type dbCommand struct {
	name    string
	fs      *flag.FlagSet
	db      *string
	format  *string
	formats []string
	log     *slog.Logger // the archive's log lines: to the command's stderr
}

func newDBCommand(name, usage string, e env, formats []string) *dbCommand {
	fs := newFlagSet(name, usage, e.stderr)
	c := &dbCommand{name: name, fs: fs, db: addDBFlag(fs), formats: formats, log: stderrLogger(e.stderr),
		format: &formats[0]}
	if len(formats) > 1 { // a command with one format offers no choice
		c.format = formatFlag(fs, formats[0], formats)
	}
	return c
}

// parse parses args and checks there are n positional arguments (at least
// one when n is -1), described as what in errors. -h yields flag.ErrHelp,
// which commands return through helpOK.
func (c *dbCommand) parse(args []string, n int, what string) ([]string, error) {
	rest, err := parseFlags(c.fs, args)
	if err != nil {
		return nil, err
	}
	switch {
	case n < 0 && len(rest) == 0:
		return nil, usageErrorf("%s: no %s given", c.name, what)
	case n >= 0 && len(rest) != n:
		return nil, usageErrorf("%s: want %s (got %d arguments)", c.name, what, len(rest))
	}
	return rest, checkFormat(c.name, *c.format, c.formats)
}

// open opens the existing archive named by --db.
func (c *dbCommand) open(ctx context.Context) (*archive.Store, error) {
	return openArchive(ctx, *c.db, true, c.log)
}

// openToRead opens the existing archive named by --db for reading (see
// openToRead).
func (c *dbCommand) openToRead(ctx context.Context) (*archive.Store, error) {
	return openToRead(ctx, *c.db, c.log)
}

// stderrLogger is the slog text logger of a command's stderr.
func stderrLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, nil))
}

// helpOK turns the -h outcome of parsing into success.
func helpOK(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

const dbUsage = `[--db PATH] [--bodies] check|compact|optimize|reindex|version
       newsarchive db [--db PATH] backup DEST
       newsarchive db [--db PATH] restore BACKUP

Maintains the archive database. check runs SQLite's integrity check and
the archive's own invariants, and compares the search index with the
articles' latest texts (a crawl's articles not indexed yet excepted; exit
1 on a problem); with --bodies it also reads back every stored page and checks
it against its SHA-256 (a fixity check: bit rot, a damaged spool); compact re-encodes the bodies crawls stored quickly (raw, in the
spool file PATH-spool beside the database) into their dense form (zstd,
as deltas against pages of the same site: crawl and serve do it after each
crawl) and empties the spool; optimize compacts, merges the search index
and refreshes statistics (run it after a crawl); reindex rebuilds the search
index from the articles' latest texts (what db check advises when it finds
the index damaged; stopped, it leaves the articles it did not reach to the
next crawl or compaction); version prints the schema version; backup DEST
writes a copy of the archive to the new file DEST (DEST a directory: to
NAME-YYYYMMDDTHHMMSSZ.db in it, after the archive's name and the time in
UTC) while crawls and the daemon go on (one consistent state of it, with the pages waiting in the
spool compacted into it and its search index complete: DEST alone is the
archive, to use with --db or the configuration's database); restore
BACKUP puts a backup in the archive's place once no daemon or crawl uses
it, checked before and after, the archive it replaces moved aside with
its files to PATH.replaced-YYYYMMDDTHHMMSSZ (moved back should the
restore fail). Opening a database from an older release migrates it.`

// dbActions are what db does.
var dbActions = []string{"backup", "check", "compact", "optimize", "reindex", "restore", "version"}

func runDB(ctx context.Context, e env, args []string) error {
	c := newDBCommand("db", dbUsage, e, []string{"text"})
	bodies := c.fs.Bool("bodies", false, "with check: read back every stored page and check its SHA-256")
	rest, err := c.parse(args, -1, "action (one of backup, check, compact, optimize, reindex, restore, version)")
	if err != nil {
		return helpOK(err)
	}
	action := rest[0]
	if !slices.Contains(dbActions, action) {
		return usageErrorf("db: unknown action %q (want backup, check, compact, optimize, reindex, restore or version)", action)
	}
	if *bodies && action != "check" {
		return usageErrorf("db: --bodies goes with check, not %s", action)
	}
	if err := checkActionArgs(action, rest[1:]); err != nil {
		return err
	}
	switch action {
	case "backup":
		err = dbBackup(ctx, e, c, rest[1])
	case "restore":
		err = dbRestore(ctx, e, c, rest[1])
	default:
		err = dbAction(ctx, e, c, action, *bodies)
	}
	if err != nil && ctx.Err() != nil {
		return dbInterrupted(action, err)
	}
	return err
}

// checkActionArgs checks the arguments after a db action: backup takes
// its destination, restore its backup, the others nothing.
func checkActionArgs(action string, args []string) error {
	switch {
	case action == "backup" && len(args) != 1:
		return usageErrorf("db backup: want one destination file (got %d arguments)", len(args))
	case action == "restore" && len(args) != 1:
		return usageErrorf("db restore: want one backup file (got %d arguments)", len(args))
	case action != "backup" && action != "restore" && len(args) > 0:
		return usageErrorf("db %s: unexpected argument %q", action, args[0])
	}
	return nil
}

// dbInterrupted words the error of a db action stopped by a signal (the
// error itself is the database's "context canceled" or "interrupted").
func dbInterrupted(action string, err error) error {
	switch action {
	case "check":
		return errors.New("db check interrupted; it gave no verdict, run it again")
	case "backup":
		return errors.New("db backup interrupted; no backup written, the archive untouched")
	case "restore":
		return err // it says what became of the archive
	case "compact", "optimize":
		// Each step is a transaction of its own: what it finished stays,
		// and what it did not waits as before.
		return fmt.Errorf("db %s interrupted; nothing lost, run it again to finish", action)
	}
	return err // reindex says what it left; version does nothing to stop
}

// dbAction opens the archive and does what db was asked.
func dbAction(ctx context.Context, e env, c *dbCommand, action string, bodies bool) error {
	open := c.open
	if action == "check" || action == "version" {
		open = c.openToRead // a backup on a read-only mount can be verified
	}
	s, err := open(ctx)
	if err != nil {
		return unopenable(err)
	}
	defer s.Close()
	if action == "compact" || action == "optimize" {
		// Both rewrite much of the file: not one that is damaged.
		if err := s.QuickCheck(ctx); err != nil {
			return checkRefused(ctx, "db "+action, err)
		}
	}
	switch action {
	case "version":
		_, err = fmt.Fprintf(e.stdout, "%s: schema version %d\n", s.Path(), archive.SchemaVersion())
		return err
	case "compact":
		return compactCommand(ctx, e, s)
	case "optimize":
		if err := compactCommand(ctx, e, s); err != nil {
			return err
		}
		if err := s.Optimize(ctx); err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s: optimized\n", s.Path())
		return err
	case "reindex":
		return dbReindex(ctx, e, s)
	}
	return dbCheck(ctx, e, s, bodies)
}

// dbCheck runs db check, with the fixity check of every body when bodies
// is set, and prints the problems found.
func dbCheck(ctx context.Context, e env, s *archive.Store, bodies bool) error {
	problems, err := s.Check(ctx)
	if isMalformed(err) {
		return tooDamaged(fmt.Errorf("db check %s: %w", s.Path(), err), "for the check to read it through")
	}
	if err != nil {
		return err
	}
	if bodies {
		found, err := checkBodies(ctx, e, s)
		if err != nil {
			return err
		}
		problems = append(problems, found...)
	}
	// A problem may quote a damaged row: a URL, an error's text.
	err = writeText(e.stdout, func(w io.Writer) error {
		for _, p := range problems {
			if _, err := fmt.Fprintln(w, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %d problem(s) found%s", s.Path(), len(problems), checkAdvice(problems))
	}
	_, err = fmt.Fprintf(e.stdout, "%s: ok\n", s.Path())
	return err
}

// compactCommand adds the articles waiting for it to the search index (a
// killed crawl, an upgrade cut short leave some), compacts the archive and
// says what it did.
func compactCommand(ctx context.Context, e env, s *archive.Store) error {
	indexed, err := s.IndexPending(ctx)
	if err != nil {
		return fmt.Errorf("compact: search index: %w", sourcerun.WithDiskFree(s.Path(), err))
	}
	if indexed > 0 {
		if _, err := fmt.Fprintf(e.stdout, "%s: %d articles added to the search index\n", s.Path(), indexed); err != nil {
			return err
		}
	}
	report, finish := compactBar(ctx, e, s)
	done, err := s.CompactReporting(ctx, report)
	finish()
	if err != nil {
		return fmt.Errorf("compact: %w", sourcerun.WithDiskFree(s.Path(), err))
	}
	_, err = fmt.Fprintf(e.stdout, "%s: %s\n", s.Path(), compactedLine(done))
	return err
}

// compactBar is the report of db compact, and what clears it once the
// compaction ends: a progress bar of the bodies waiting on a terminal;
// nothing elsewhere.
func compactBar(ctx context.Context, e env, s *archive.Store) (report func(archive.Compacted), finish func()) {
	if !isTerminal(e.stderr) {
		return nil, func() {}
	}
	waiting, err := s.Pending(ctx)
	if err != nil || waiting == 0 {
		return nil, func() {}
	}
	bar := newBar(e.stderr, waiting, "compacting", "bodies")
	return func(done archive.Compacted) { bar.Set(done.Bodies) }, func() { bar.Finish() }
}

// compactedLine says what a compaction did: "compacted 3 bodies (1 as
// deltas): 499 KiB -> 94 KiB".
func compactedLine(done archive.Compacted) string {
	return fmt.Sprintf("compacted %s (%d as deltas): %s -> %s", counted(done.Bodies, "body", "bodies"), done.Deltas,
		size(done.Before), size(done.After))
}

// unopenable words the error of a db action that could not open the
// archive: a file too damaged to open is not for db check to read either.
func unopenable(err error) error { return tooDamaged(err, "to open") }

// salvageAdvice ends the error of a file too damaged for db check itself.
const salvageAdvice = "restore it from a backup, or salvage its rows with sqlite3's .recover"

// isMalformed reports whether err is SQLite's word for a damaged file.
func isMalformed(err error) bool {
	return err != nil && strings.Contains(err.Error(), "database disk image is malformed")
}

// tooDamaged words the error of a file too damaged for a db action (how:
// "to open", ...), with what is left to do; other errors stay as they are.
func tooDamaged(err error, how string) error {
	if !isMalformed(err) || strings.Contains(err.Error(), salvageAdvice) {
		return err
	}
	return fmt.Errorf("%w: the file is too damaged %s; %s", err, how, salvageAdvice)
}

// checkBodies runs the archive's fixity check, with a progress line on a
// terminal, and words what it found as problems.
func checkBodies(ctx context.Context, e env, s *archive.Store) ([]string, error) {
	st, err := s.Stats(ctx)
	if err != nil {
		return nil, err
	}
	var report func(int)
	if isTerminal(e.stderr) {
		bar := newBar(e.stderr, st.Bodies, "reading back", "pages")
		defer bar.Finish()
		report = func(n int) { bar.Set(n) }
	}
	checked, bad, err := s.VerifyBodies(ctx, report)
	if err != nil {
		return nil, err
	}
	problems := make([]string, 0, len(bad))
	for _, b := range bad {
		problems = append(problems, fmt.Sprintf("%s%s (from %s): %v", bodyProblemPrefix, b.SHA256, b.URL, b.Err))
	}
	fmt.Fprintf(e.stdout, "bodies: %d read back, %d damaged (unreadable, or not matching their SHA-256)\n", checked, len(bad))
	return problems, nil
}

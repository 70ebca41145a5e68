package main

import (
	"context"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"
)

// dbBackup writes a backup of the archive named by --db to dest, a new
// file, and says what it holds.
func dbBackup(ctx context.Context, e env, c *dbCommand, dest string) error {
	s, err := c.openToRead(ctx)
	if err != nil {
		return unopenable(err)
	}
	defer s.Close()
	report, finish := backupBar(e)
	done, err := s.BackupReporting(ctx, dest, report)
	finish()
	if err != nil {
		return tooDamaged(withDiskFree(dest, err), "to copy")
	}
	_, err = fmt.Fprintf(e.stdout, "%s: backed up to %s (%s, %s, %s)\n", s.Path(), dest,
		counted(int(done.Articles), "article", "articles"), counted(int(done.Bodies), "page", "pages"), size(done.Bytes))
	if err == nil && done.Damaged > 0 {
		_, err = fmt.Fprintf(e.stdout, "%s: %s no longer read back here, damaged in the backup too (db check --bodies names them)\n",
			dest, counted(done.Damaged, "page", "pages"))
	}
	return err
}

// backupBar is the report of db backup, and what clears it once the copy
// is made: a progress bar of the bytes copied on a terminal; nothing
// elsewhere.
func backupBar(e env) (report func(copied, total int64), finish func()) {
	if !isTerminal(e.stderr) {
		return nil, func() {}
	}
	var bar *progressbar.ProgressBar
	report = func(copied, total int64) {
		if bar == nil {
			bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetDescription("backing up"), progressbar.OptionShowBytes(true),
				progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
		}
		bar.Set64(min(copied, total))
	}
	return report, func() {
		if bar != nil {
			bar.Finish()
		}
	}
}

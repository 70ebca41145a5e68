package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

// dbBackup writes a backup of the archive named by --db to dest, a new
// file, and says what it holds.
func dbBackup(ctx context.Context, e env, c *dbCommand, dest string) error {
	s, err := c.openToRead(ctx)
	if err != nil {
		return unopenable(err)
	}
	defer s.Close()
	dest = backupName(dest, s.Path(), time.Now())
	report, finish := backupBar(e)
	done, err := s.BackupReporting(ctx, dest, report)
	finish()
	if err != nil {
		return tooDamaged(sourcerun.WithDiskFree(dest, err), "to copy")
	}
	_, err = fmt.Fprintf(e.stdout, "%s: backed up to %s (%s, %s, %s)\n", s.Path(), dest,
		counted(int(done.Articles), "article", "articles"), counted(int(done.Bodies), "page", "pages"), size(done.Bytes))
	if err == nil && done.Damaged > 0 {
		_, err = fmt.Fprintf(e.stdout, "%s: %s no longer read back here, damaged in the backup too (db check --bodies names them)\n",
			dest, counted(done.Damaged, "page", "pages"))
	}
	return err
}

// dbRestore puts the backup in the place of the archive named by --db.
func dbRestore(ctx context.Context, e env, c *dbCommand, backup string) error {
	done, err := archive.Restore(ctx, backup, *c.db, time.Now())
	if err != nil {
		return tooDamaged(sourcerun.WithDiskFree(*c.db, err), "to restore")
	}
	replaced := "there was none"
	if done.Aside != "" {
		replaced = "it lies at " + done.Aside
	}
	_, err = fmt.Fprintf(e.stdout, "%s: restored from %s (%s); the archive it replaced: %s\n", *c.db, backup,
		counted(int(done.Articles), "article", "articles"), replaced)
	return err
}

// backupName is where a backup to dest goes: dest itself, or, when dest
// is a directory, a file in it named after the archive and the time
// (news.db to DIR/news-20261128T035500Z.db), so that a cron line need not
// build a name (cron reads % in it as a line break).
func backupName(dest, archivePath string, now time.Time) string {
	if fi, err := os.Stat(dest); err != nil || !fi.IsDir() {
		return dest
	}
	base := filepath.Base(archivePath)
	ext := filepath.Ext(base)
	return filepath.Join(dest, strings.TrimSuffix(base, ext)+"-"+now.UTC().Format("20060102T150405Z")+ext)
}

// backupBar is the report of db backup, and what clears it once the
// backup is written: on a terminal a progress bar of each stage (the bytes
// copied, then the pages compacted into the copy, when some waited in the
// spool); nothing elsewhere.
func backupBar(e env) (report func(archive.BackupProgress), finish func()) {
	if !isTerminal(e.stderr) {
		return nil, func() {}
	}
	var bar *progressbar.ProgressBar
	stage := archive.BackupStage(-1)
	finish = func() {
		if bar != nil {
			bar.Finish()
		}
	}
	report = func(p archive.BackupProgress) {
		if p.Stage != stage {
			finish()
			bar, stage = stageBar(e, p), p.Stage
		}
		bar.Set64(min(p.Done, p.Total))
	}
	return report, finish
}

// stageBar is the progress bar of a backup's stage.
func stageBar(e env, p archive.BackupProgress) *progressbar.ProgressBar {
	if p.Stage == archive.BackupCompacting {
		return newBar(e.stderr, p.Total, "compacting the spooled pages into the copy", "pages")
	}
	return progressbar.NewOptions64(p.Total, progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription("copying"), progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
}

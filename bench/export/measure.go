package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/export"
)

// fileNames are what each format is written to.
var fileNames = map[export.Format]string{
	export.JSONL: "out.jsonl", export.CSV: "out.csv", export.Parquet: "out.parquet", export.WARC: "out.warc.gz",
}

// measure exports db in each format in a child process and prints a row
// per format.
func measure(ctx context.Context, db, work string, formats []string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Println("| format | rows | time | rows/s | peak RSS | file size |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, name := range formats {
		f, err := export.ParseFormat(name)
		if err != nil {
			return err
		}
		out := filepath.Join(work, fileNames[f])
		var stdout bytes.Buffer
		cmd := exec.CommandContext(ctx, self, "-child", string(f), db, out)
		cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("export %s: %w", f, err)
		}
		took := time.Since(start)
		var rows int
		var hwm int64
		if _, err := fmt.Sscan(stdout.String(), &rows, &hwm); err != nil {
			return fmt.Errorf("child output %q: %w", stdout.String(), err)
		}
		fi, err := os.Stat(out)
		if err != nil {
			return err
		}
		fmt.Printf("| %s | %d | %.1f s | %.0f | %.0f MiB | %.0f MB |\n", f, rows, took.Seconds(),
			float64(rows)/took.Seconds(), float64(hwm)/(1<<20), float64(fi.Size())/1e6)
		os.Remove(out)
		os.Remove(out + export.ManifestSuffix)
	}
	return nil
}

// runChild exports as the command does (export.File, all versions) and
// prints the rows written and the process's peak RSS in bytes.
func runChild(ctx context.Context, format string, args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("-child FORMAT DB OUT")
	}
	f, err := export.ParseFormat(format)
	if err != nil {
		return err
	}
	s, err := archive.Open(ctx, args[0], archive.Options{MustExist: true})
	if err != nil {
		return err
	}
	defer s.Close()
	opt := export.Options{Format: f, Filter: archive.ExportFilter{AllVersions: true}, Software: "bench/export"}
	stats, err := export.File(ctx, s, args[1], opt, export.Manifest{Tool: "bench/export"})
	if err != nil {
		return err
	}
	hwm, err := peakRSS()
	if err != nil {
		return err
	}
	fmt.Println(stats.Rows, hwm)
	return nil
}

// peakRSS reads VmHWM, the process's resident set high-water mark.
func peakRSS() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

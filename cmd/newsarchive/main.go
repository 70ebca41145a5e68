// Command newsarchive scrapes, crawls and archives news articles.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	// The time zones of CRON_TZ schedules, in the binary: one static file
	// runs on a host without a zone database.
	_ "time/tzdata"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// env is what a subcommand may touch of the outside world.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand: its name, a one-line summary and how to run it.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

// commands lists the subcommands in the order the help text shows them.
// Each lives in a file of its own.
func commands() []command {
	return []command{
		{"scrape", "extract the article of one URL, file or stdin", runScrape},
		{"crawl", "crawl the configured sources (or given URLs) once into the archive", runCrawl},
		{"serve", "run as a daemon crawling each source on its schedule", runServe},
		{"runs", "list the recorded crawl runs", runRuns},
		{"sources", "list the sources with their schedules and last runs", runSources},
		{"search", "full-text search of the archived articles", runSearch},
		{"show", "print an archived article, or its raw page", runShow},
		{"history", "list the versions of an archived article with word diffs", runHistory},
		{"stats", "count what the archive holds", runStats},
		{"reparse", "re-extract stored pages with the current parser", runReparse},
		{"export", "export articles as JSON lines, CSV, Parquet or WARC", runExport},
		{"db", "check, compact, optimize, reindex or show the version of the archive database", runDB},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return usageErrorf("no command given")
	}
	switch {
	case isHelpFlag(args[0]) || args[0] == "help":
		return runHelp(ctx, e, args[1:])
	case args[0] == "version" || args[0] == "--version":
		if len(args) > 1 {
			return usageErrorf("version: takes no arguments (got %q)", args[1])
		}
		fmt.Fprintln(stdout, "newsarchive", version())
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	return usageErrorf("unknown command %q (see 'newsarchive help')", args[0])
}

// runHelp prints the usage, or with a command's name that command's
// help, as 'newsarchive COMMAND -h' does.
func runHelp(ctx context.Context, e env, args []string) error {
	switch {
	case len(args) == 0 || len(args) == 1 && isHelpFlag(args[0]):
		printUsage(e.stdout)
		return nil
	case len(args) > 1:
		return usageErrorf("help: give one command at most (got %d arguments)", len(args))
	}
	for _, c := range commands() {
		if c.name == args[0] {
			e.stderr = e.stdout // asked for, as the usage is: to stdout
			return c.run(ctx, e, []string{"-h"})
		}
	}
	return usageErrorf("unknown command %q (see 'newsarchive help')", args[0])
}

// isHelpFlag reports whether arg asks for help as a flag does.
func isHelpFlag(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "newsarchive: scrape, crawl and archive news articles")
	fmt.Fprintln(w, "\nUsage: newsarchive COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'newsarchive COMMAND -h' for a command's flags, 'newsarchive version' for the version.")
}

// routeStdLog sends what the standard log package prints through the
// command's logger, at warn level: net/http's transport reports a server
// that sent more than its Content-Length that way, which otherwise reached
// stderr in log's own format, outside the logger's format and level.
func routeStdLog(l *slog.Logger) {
	slog.SetLogLoggerLevel(slog.LevelWarn)
	slog.SetDefault(l)
}

// usageError marks a mistake in how the command was called (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(format, a...)}
}

// errorLine is err's message on one line: errors.Join puts each error it
// joins on a line of its own.
func errorLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }

// exitCode prints err as one line, its page and server text made visible
// (see visibleWriter), and maps it to the process exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	msg := errorLine(err)
	if isMalformed(err) && !strings.Contains(msg, "integrity check") && !strings.Contains(msg, salvageAdvice) &&
		!strings.Contains(msg, "'newsarchive db check'") {
		msg += " ('newsarchive db check' tells what is damaged)"
	}
	fmt.Fprintln(stderr, "newsarchive:", visible(msg))
	var ue *usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

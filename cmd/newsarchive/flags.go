package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"
)

// newFlagSet makes a subcommand's flag set that reports errors instead of
// exiting, with usage text printed on -h. A bad flag prints nothing here:
// the command's one-line error says what was wrong (see parseFlags).
func newFlagSet(name, usage string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	failed := &flagFailure{}
	fs.SetOutput(failed)
	fs.Usage = func() {
		if failed.said {
			return // a parse error, not -h
		}
		fmt.Fprintf(out, "Usage: newsarchive %s %s\n\nFlags:\n", name, usage)
		fs.SetOutput(out)
		fs.PrintDefaults()
		fs.SetOutput(failed)
	}
	return fs
}

// flagFailure takes what package flag writes before it calls Usage on a
// parse error (the error itself, which parseFlags returns), so that Usage
// can tell an error from a request for help.
type flagFailure struct{ said bool }

func (f *flagFailure) Write(p []byte) (int, error) {
	f.said = true
	return len(p), nil
}

// dashed is a flag's name as help texts write it: -o for a one-letter
// name, --source for the others.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// parseFlags parses args allowing flags after positional arguments
// ("scrape URL --format json"), returning the positional ones. "--" ends
// flag parsing. -h gives flag.ErrHelp, which callers return as nil.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	if name := repeatedFlag(fs, args); name != "" {
		return nil, &usageError{msg: fmt.Sprintf("%s: %s given twice: it takes one value (see 'newsarchive %s -h')",
			fs.Name(), dashed(name), fs.Name())}
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{msg: fmt.Sprintf("%s: %v (see 'newsarchive %s -h')", fs.Name(), err, fs.Name())}
		}
		if name := emptyValue(fs); name != "" {
			return nil, &usageError{msg: fmt.Sprintf("%s: %s: empty value (give one, or leave the flag out; see 'newsarchive %s -h')",
				fs.Name(), dashed(name), fs.Name())}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// namingFlags name a file or a source: given empty ("--db ”", a shell
// variable left unset), they would read as left out, or as a name no
// source has.
var namingFlags = []string{"db", "config", "source"}

// emptyValue names a flag of namingFlags the command line set to "".
func emptyValue(fs *flag.FlagSet) string {
	empty := ""
	fs.Visit(func(f *flag.Flag) {
		if slices.Contains(namingFlags, f.Name) && f.Value.String() == "" && empty == "" {
			empty = f.Name
		}
	})
	return empty
}

// repeatedFlag names a flag taking a value that args set twice, or "":
// package flag keeps the last value, so "--source a --source b" would
// quietly read one source.
func repeatedFlag(fs *flag.FlagSet, args []string) string {
	seen := map[string]bool{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil || isBoolFlag(f) {
			continue
		}
		if seen[name] {
			return name
		}
		seen[name] = true
		if !hasValue {
			i++ // its value follows
		}
	}
	return ""
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// flagSet reports whether the command line set the flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// version reports the module version the binary was built from.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// formatFlag defines the --format flag of a command. Format names are
// read in any case (--format JSON), as file extensions are.
func formatFlag(fs *flag.FlagSet, value string, formats []string) *string {
	p := &value
	fs.Var((*lowerString)(p), "format", "output `format`: "+strings.Join(formats, ", "))
	return p
}

// lowerString is a string flag kept in lower case.
type lowerString string

func (s *lowerString) String() string { return string(*s) }

func (s *lowerString) Set(v string) error {
	*s = lowerString(strings.ToLower(v))
	return nil
}

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// exportStream is the stream an export writes straight to, without a
// temporary file or a manifest: standard output for "-", and the target
// itself when out names an open descriptor (/dev/stdout, /dev/fd/3), a
// device or a pipe, which a rename into place would replace rather than
// write to (-o /dev/stdout >> log replaced the log). It is nil, with a nil
// error, for a regular file or a name not there yet: export.File writes
// those. close is to be called when done.
func exportStream(e env, out string) (w io.Writer, close func() error, err error) {
	none := func() error { return nil }
	if out == "-" {
		return e.stdout, none, nil
	}
	if fd, ok := descriptorOf(out); ok {
		switch fd {
		case 1:
			return e.stdout, none, nil
		case 2:
			return e.stderr, none, nil
		}
		f := os.NewFile(uintptr(fd), out)
		if _, err := f.Stat(); err != nil {
			return nil, nil, fmt.Errorf("-o %s: descriptor %d is not open", out, fd)
		}
		return f, none, nil
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().IsRegular() || fi.IsDir() {
		return nil, none, nil // export.File writes it, or says why it cannot
	}
	f, err := os.OpenFile(out, os.O_WRONLY, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", out, err)
	}
	return f, f.Close, nil
}

// descriptorOf is the descriptor path names itself or through symbolic
// links (a link to /dev/stdout).
func descriptorOf(path string) (int, bool) {
	for range 40 { // as the kernel's limit on links in a path
		if fd, ok := descriptorPath(path); ok {
			return fd, true
		}
		to, err := os.Readlink(path)
		if err != nil {
			return 0, false
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return 0, false
}

// descriptorPath reads the descriptor a path names: /dev/stdout and
// /dev/stderr, /dev/fd/N and /proc/self/fd/N.
func descriptorPath(path string) (int, bool) {
	path = filepath.Clean(path)
	switch path {
	case "/dev/stdout":
		return 1, true
	case "/dev/stderr":
		return 2, true
	}
	for _, dir := range []string{"/dev/fd/", "/proc/self/fd/"} {
		if n, ok := strings.CutPrefix(path, dir); ok {
			fd, err := strconv.Atoi(n)
			return fd, err == nil && fd >= 0
		}
	}
	return 0, false
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/newsarchive/newsarchive/crawler/discover"
	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/parse"
)

const scrapeUsage = `[--format text|json|markdown|html] [--url URL] [--timeout DURATION] [--save [--db PATH]] URL|FILE|-

Extracts the article of a web page and prints it. A URL is fetched (10
redirects at most, 10 MiB body cap, 60 s timeout); a FILE or - (stdin) is
read as it is (64 MiB at most, within the timeout), and --url gives the
address it came from, to resolve links.
--save stores the fetch (raw page, headers) and the article in the archive.`

// scrapeSource is what the scrape command reads: a URL to fetch or a file.
type scrapeSource struct {
	arg     string        // URL, FILE or "-"
	pageURL string        // --url: the address of a file's page
	timeout time.Duration // --timeout: the limit of the whole scrape
	// waitLong lets the server take all of timeout to answer: the user
	// set --timeout, past the usual wait for response headers.
	waitLong bool
}

// scraped is one page read and parsed. On a parse error it still holds what
// was read, so the raw page can be kept.
type scraped struct {
	Fetch   *fetch.Response // nil for a file or stdin
	Page    parse.Page
	Article *parse.Article
	// Forwards are the pages that forwarded to this one by refresh
	// <meta>, in order: archived beside it, and leading to its article.
	Forwards []*fetch.Response
	// Failed is the address forwarded to whose fetch got no response,
	// "" otherwise.
	Failed string
}

func runScrape(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("scrape", scrapeUsage, e.stderr)
	format := formatFlag(fs, "text", articleFormats)
	pageURL := fs.String("url", "", "the `URL` a FILE or stdin page came from")
	timeout := fs.Duration("timeout", fetch.DefaultTotalTimeout, "give up fetching a URL, or reading a FILE or stdin, after `DURATION`")
	save := fs.Bool("save", false, "store the fetch and the article in the archive (URLs only)")
	db := addDBFlag(fs)
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageErrorf("scrape: want exactly one URL, FILE or - (got %d arguments)", len(rest))
	}
	if strings.TrimSpace(rest[0]) == "" {
		return usageErrorf("scrape: the URL, FILE or - to scrape is empty")
	}
	if !knownFormat(*format) {
		return usageErrorf("scrape: unknown format %q (want %s)", *format, strings.Join(articleFormats, ", "))
	}
	if *timeout <= 0 {
		return usageErrorf("scrape: --timeout must be positive (got %s)", *timeout)
	}
	if *save && !isURL(rest[0]) {
		return usageErrorf("scrape: --save archives what a server sent; give a URL, not a file")
	}
	if flagSet(fs, "db") && !*save {
		return usageErrorf("scrape: --db names the archive --save stores into: add --save")
	}
	if err := checkScrapeURL(rest[0]); err != nil {
		return err
	}
	if err := checkPageURL(*pageURL, rest[0], flagSet(fs, "url")); err != nil {
		return err
	}
	src := scrapeSource{arg: rest[0], pageURL: *pageURL, timeout: *timeout, waitLong: flagSet(fs, "timeout")}
	s, err := scrapePage(ctx, e, src)
	if *save {
		if serr := saveScraped(ctx, e, *db, rest[0], s, err); serr != nil {
			return serr
		}
	}
	if err != nil {
		return err
	}
	return renderArticle(e.stdout, s.Article, *format)
}

// maxRefreshes bounds the refresh <meta> forwards scrape follows, as
// redirects are bounded.
const maxRefreshes = 5

// scrapePage reads the page of src and parses its article. A fetched page
// that holds none and forwards with a refresh <meta> is followed there,
// as a browser would.
func scrapePage(ctx context.Context, e env, src scrapeSource) (*scraped, error) {
	// --timeout bounds the scrape, forwards included, not each fetch.
	ctx, cancel := context.WithTimeout(ctx, src.timeout)
	defer cancel()
	first, seen := src.arg, map[string]bool{}
	var forwards []*fetch.Response
	for {
		s, err := readPage(ctx, e, src)
		if s == nil && len(forwards) > 0 {
			s = &scraped{Failed: src.arg} // the pages before still count
		}
		if s != nil {
			s.Forwards = forwards
		}
		if err != nil {
			return s, err // an HTTP error still has its response, to archive
		}
		s.Article, err = parse.Parse(s.Page)
		if err == nil {
			return s, nil
		}
		to := ""
		if s.Fetch != nil && errors.Is(err, parse.ErrNotArticle) {
			to = discover.Forward(s.Fetch.Header.Get("Refresh"), s.Page.Body, s.Page.URL)
		}
		switch {
		case to == "":
			return s, describeParseError(src.arg, err)
		case seen[to] || len(seen) == maxRefreshes:
			return s, fmt.Errorf("no article found at %s: it forwards by refresh (header or <meta>) in a loop or past %d pages", first, maxRefreshes)
		}
		seen[src.arg] = true
		src.arg = to
		forwards = append(forwards, s.Fetch)
	}
}

// readPage fetches a URL or reads a file or stdin into a parse.Page.
func readPage(ctx context.Context, e env, src scrapeSource) (*scraped, error) {
	if isURL(src.arg) {
		cfg := src.fetchConfig()
		resp, err := fetch.New(cfg).Get(ctx, src.arg, nil)
		if err != nil {
			return nil, err
		}
		if err := resp.StatusErr(); err != nil {
			return &scraped{Fetch: resp}, fmt.Errorf("fetch %s: %w", src.arg, err)
		}
		if resp.Truncated {
			// What is left would be printed and archived as if whole.
			return &scraped{Fetch: resp}, fmt.Errorf("fetch %s: %w (%s)", src.arg, errPageTooLarge,
				humanize.IBytes(uint64(cfg.MaxBodyBytes)))
		}
		return &scraped{Fetch: resp, Page: parse.Page{
			URL:             resp.FinalURL,
			Body:            resp.Body,
			ContentType:     resp.Header.Get("Content-Type"),
			ContentLanguage: resp.Header.Get("Content-Language"),
			FetchedAt:       resp.FetchedAt,
		}}, nil
	}
	body, err := readFileArg(ctx, e, src.arg)
	if err != nil {
		return nil, err
	}
	// A file's page was fetched at a time no one knows: now would give a
	// date printed without its year ("Nov 18") this year's, whatever the
	// year the page was saved in.
	return &scraped{Page: parse.Page{URL: src.pageURL, Body: body}}, nil
}

// fetchConfig is the fetch path's configuration for src: the default
// limits, the whole fetch bounded by --timeout, which also lets a slow
// server take that long to answer when it was set past the usual wait.
func (src scrapeSource) fetchConfig() fetch.Config {
	cfg := fetch.DefaultConfig()
	cfg.TotalTimeout = src.timeout
	if src.waitLong {
		cfg.HeaderTimeout = max(cfg.HeaderTimeout, src.timeout)
	}
	return cfg
}

// errPageTooLarge fails a page whose body the fetch cut at its size cap.
var errPageTooLarge = errors.New("page larger than the size limit")

// checkPageURL checks --url: the absolute http(s) address a FILE or stdin
// page came from, against which its links resolve. A URL argument is its
// own address.
func checkPageURL(pageURL, arg string, given bool) error {
	if pageURL == "" && !given {
		return nil
	}
	if isURL(arg) {
		return usageErrorf("scrape: --url names where a FILE or stdin page came from; a URL is its own address")
	}
	u, err := url.Parse(pageURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageErrorf("scrape: --url must be an absolute http or https URL (got %q)", pageURL)
	}
	return nil
}

// checkScrapeURL refuses, as a usage mistake, a URL argument that cannot
// be fetched: a malformed one, another scheme (ftp://, mailto: when no
// such file exists), credentials.
func checkScrapeURL(arg string) error {
	err := error(nil)
	switch {
	case isURL(arg):
		err = fetch.CheckURL(arg)
	case otherScheme(arg) != "":
		if _, serr := os.Stat(arg); errors.Is(serr, os.ErrNotExist) {
			err = fetch.CheckURL(arg)
		}
	}
	if err != nil {
		return usageErrorf("scrape: %v", err)
	}
	return nil
}

// isURL tells a URL from a file name: anything with a scheme is a URL, so
// "ftp://..." gets a clear "unsupported scheme" rather than a missing file.
func isURL(arg string) bool {
	scheme, _, ok := strings.Cut(arg, "://")
	return ok && scheme != "" && !strings.ContainsAny(scheme, `/\.`)
}

// maxFileBytes caps a page read from a FILE or stdin. It is larger than
// a fetch's cap: a page saved whole holds its images inline (data: URLs)
// and runs to tens of megabytes, which a server does not send.
const maxFileBytes = 64 << 20

// readFileArg reads the page of a FILE or "-" (stdin), within ctx: a
// pipe that never ends, or a named pipe no one writes (whose opening
// waits for a writer), gives way to Ctrl-C and --timeout.
func readFileArg(ctx context.Context, e env, name string) ([]byte, error) {
	if name == "-" {
		return readWithin(ctx, "standard input", func() (io.ReadCloser, error) { return io.NopCloser(e.stdin), nil })
	}
	body, err := readWithin(ctx, name, func() (io.ReadCloser, error) { return os.Open(name) })
	switch {
	case !errors.Is(err, os.ErrNotExist):
	case otherScheme(name) != "":
		// javascript:, mailto:, data: URLs: no file, and nothing to fetch.
		return nil, &fetch.URLError{URL: name, Reason: fmt.Sprintf("unsupported scheme %q (want http or https)", otherScheme(name))}
	case looksLikeHost(name):
		return nil, fmt.Errorf("%w (for a URL, write http:// or https:// before it)", err)
	}
	return body, err
}

// readWithin opens and reads a page whole, at most maxFileBytes, or gives
// up when ctx ends; the open or read itself cannot be stopped, and goes on
// until the process exits.
func readWithin(ctx context.Context, name string, open func() (io.ReadCloser, error)) ([]byte, error) {
	type result struct {
		body []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		r, err := open()
		if err != nil {
			done <- result{nil, err} // *PathError: names the file
			return
		}
		defer r.Close()
		body, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
		if _, named := err.(*fs.PathError); err != nil && !named {
			// A file's *PathError names it already ("read x: is a directory").
			err = fmt.Errorf("read %s: %w", name, err)
		}
		done <- result{body, err}
	}()
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("read %s: %w", name, stopReason(ctx))
	case res := <-done:
		if res.err == nil && len(res.body) > maxFileBytes {
			res.err = fmt.Errorf("read %s: %w (%s)", name, errPageTooLarge, humanize.IBytes(maxFileBytes))
		}
		return res.body, res.err
	}
}

// stopReason words why ctx ended: --timeout, or a signal.
func stopReason(ctx context.Context) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return errors.New("no end of the page within --timeout")
	}
	return errors.New("interrupted")
}

// otherScheme returns the scheme of a URL without "//" (mailto:a@b.c,
// javascript:..., data:...), or "".
func otherScheme(arg string) string {
	u, err := url.Parse(arg)
	if err != nil || u.Opaque == "" || len(u.Scheme) < 2 {
		return "" // a Windows drive letter (c:) is no scheme
	}
	return u.Scheme
}

// looksLikeHost spots "example.com/news" given without a scheme.
func looksLikeHost(name string) bool {
	host, _, _ := strings.Cut(name, "/")
	return strings.Contains(host, ".") && !strings.HasSuffix(host, ".html") && !strings.HasSuffix(host, ".htm")
}

// describeParseError words a parse failure for the command line.
func describeParseError(src string, err error) error {
	var na *parse.NotArticleError
	if errors.As(err, &na) {
		return fmt.Errorf("no article found at %s: %s", src, na.Reason)
	}
	return fmt.Errorf("%s: %w", src, err)
}

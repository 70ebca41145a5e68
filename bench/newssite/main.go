// Command newssite serves a made-up news site on the loopback interface,
// to try `newsarchive crawl` or measure it without crawling anyone's site:
//
//	go run ./bench/newssite -addr 127.0.0.1:8089 -articles 200
//
// With -real, articles are the extraction benchmark's real pages from
// ../shared when present. See package bench/site for the site's shape.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/newsarchive/newsarchive/bench/site"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "`address` to listen on")
	articles := flag.Int("articles", 200, "number of articles")
	sections := flag.Int("sections", 10, "number of sections")
	real := flag.Bool("real", false, "serve the extraction benchmark's real pages (../shared) as articles")
	flag.Parse()
	if err := serve(*addr, *articles, *sections, *real); err != nil {
		fmt.Fprintln(os.Stderr, "newssite:", err)
		os.Exit(1)
	}
}

func serve(addr string, articles, sections int, real bool) error {
	if articles < 1 || sections < 1 {
		return fmt.Errorf("-articles and -sections must be at least 1")
	}
	var pages [][]byte
	if real {
		var err error
		if pages, err = site.DatasetPages(); err != nil {
			return fmt.Errorf("-real: %w", err)
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	slog.Info("serving", slog.String("url", "http://"+ln.Addr().String()+"/"), slog.Int("articles", articles))
	srv := &http.Server{Handler: site.New(pages, articles, sections), ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

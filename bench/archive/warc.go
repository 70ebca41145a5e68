package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/newsarchive/newsarchive/archive"
)

// warcSize is the size of a WARC file holding, for n fetches of the pages
// (each repeated rounds times), a request and a response record, each
// gzipped on its own as WARC writers do (default gzip level).
func warcSize(pages []page, n, rounds int) int64 {
	key := [2]int{n, rounds}
	if size, ok := warcSizes[key]; ok {
		return size
	}
	var total int64
	at := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	for r := range rounds {
		for i := range n {
			total += warcRecordSize(pageRecord(pages, i, at.Add(time.Duration(r*n+i)*time.Second)))
		}
	}
	warcSizes[key] = total
	return total
}

// warcRecordSize is the size of the request and response records of one
// fetch, each gzipped on its own.
func warcRecordSize(rec archive.Record) int64 {
	u, f := rec.Fetch.FinalURL, rec.Fetch
	var req bytes.Buffer
	fmt.Fprintf(&req, "GET %s HTTP/1.1\r\nHost: %s\r\n", u, hostOf(u))
	f.RequestHeader.Write(&req)
	req.WriteString("\r\n")
	var resp bytes.Buffer
	fmt.Fprintf(&resp, "%s %d %s\r\n", f.Proto, f.Status, http.StatusText(f.Status))
	f.Header.Write(&resp)
	resp.WriteString("\r\n")
	resp.Write(f.Body)
	return gzipRecord("request", u, f.FetchedAt, req.Bytes()) + gzipRecord("response", u, f.FetchedAt, resp.Bytes())
}

// warcSizes remembers sizes already computed: every zstd level is
// compared with the same WARC.
var warcSizes = map[[2]int]int64{}

func gzipRecord(kind, u string, at time.Time, block []byte) int64 {
	var rec bytes.Buffer
	sum := sha256.Sum256(block)
	fmt.Fprintf(&rec, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: %s\r\n"+
		"WARC-Target-URI: %s\r\nWARC-IP-Address: 127.0.0.1\r\nWARC-Block-Digest: sha256:%s\r\n"+
		"Content-Type: application/http;msgtype=%s\r\nContent-Length: %d\r\n\r\n",
		kind, uuid.NewString(), at.UTC().Format(time.RFC3339), u,
		base32.StdEncoding.EncodeToString(sum[:]), kind, len(block))
	rec.Write(block)
	rec.WriteString("\r\n\r\n")
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(rec.Bytes())
	zw.Close()
	return int64(out.Len())
}

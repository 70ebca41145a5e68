// Package fetch is the one HTTP fetch path of newsarchive: the scrape command
// and the crawler both go through it, so timeouts, redirect and size limits,
// decompression and the identifying User-Agent are written once.
//
// Client.Get fetches one page. Client.HTTPClient and NewTransport give the
// same behaviour to code that drives its own requests, such as colly.
package fetch

import (
	"net"
	"runtime/debug"
	"time"
)

// Defaults of Config, used for zero fields.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultHeaderTimeout  = 20 * time.Second
	DefaultTotalTimeout   = 60 * time.Second
	DefaultMaxRedirects   = 10
	DefaultMaxBodyBytes   = 10 << 20
	// DefaultMaxSitemapBytes is the sitemap protocol's limit.
	DefaultMaxSitemapBytes = 50 << 20
)

// ProjectURL is quoted in the User-Agent so site owners can find who fetches.
const ProjectURL = "https://github.com/newsarchive/newsarchive"

// Config sets the limits of a Client. Zero fields take the Default values.
type Config struct {
	// UserAgent identifies the fetcher; DefaultUserAgent() when empty.
	UserAgent string
	// ConnectTimeout bounds DNS, TCP connect and TLS handshake.
	ConnectTimeout time.Duration
	// HeaderTimeout bounds the wait for response headers once the request
	// is sent.
	HeaderTimeout time.Duration
	// TotalTimeout bounds the whole fetch, redirects and body included.
	TotalTimeout time.Duration
	// MaxRedirects is how many redirects are followed before giving up;
	// negative follows none.
	MaxRedirects int
	// MaxBodyBytes caps the body after decompression; a longer body is cut
	// and marked Truncated.
	MaxBodyBytes int64
	// MaxSitemapBytes caps a sitemap's body the same way, for a crawl
	// that tells its transport which requests are sitemaps.
	MaxSitemapBytes int64
	// Resolver looks up host names; net.DefaultResolver when nil.
	Resolver *net.Resolver
}

// DefaultConfig returns the limits used by the command line tool.
func DefaultConfig() Config {
	return Config{
		UserAgent:       DefaultUserAgent(),
		ConnectTimeout:  DefaultConnectTimeout,
		HeaderTimeout:   DefaultHeaderTimeout,
		TotalTimeout:    DefaultTotalTimeout,
		MaxRedirects:    DefaultMaxRedirects,
		MaxBodyBytes:    DefaultMaxBodyBytes,
		MaxSitemapBytes: DefaultMaxSitemapBytes,
	}
}

// DefaultUserAgent names the tool, its version and where to learn about it,
// e.g. "newsarchive/v1.2.0 (+https://github.com/newsarchive/newsarchive)".
func DefaultUserAgent() string {
	v := "devel"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	return "newsarchive/" + v + " (+" + ProjectURL + ")"
}

// WithDefaults returns c with its zero fields set to the Default values,
// as New and NewTransport use it.
func (c Config) WithDefaults() Config {
	d := DefaultConfig()
	if c.UserAgent == "" {
		c.UserAgent = d.UserAgent
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = d.ConnectTimeout
	}
	if c.HeaderTimeout <= 0 {
		c.HeaderTimeout = d.HeaderTimeout
	}
	if c.TotalTimeout <= 0 {
		c.TotalTimeout = d.TotalTimeout
	}
	if c.MaxRedirects == 0 {
		c.MaxRedirects = d.MaxRedirects
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = d.MaxBodyBytes
	}
	if c.MaxSitemapBytes <= 0 {
		c.MaxSitemapBytes = d.MaxSitemapBytes
	}
	return c
}

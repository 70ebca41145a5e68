package config

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
)

// Fingerprint identifies the source's settings: two sources with the same
// fingerprint crawl alike, and a changed fingerprint tells the archive and
// the daemon that a source was edited. It is the hex SHA-256 of the
// settings in a fixed order.
func (s Source) Fingerprint() string {
	canon := struct {
		Name                            string
		Start, Feeds, Sitemaps          []string
		Allow, Deny, Article            []string
		Schedule                        string
		MaxDepth, Concurrency, MaxPages int
		Delay, Refresh                  int64
		Cookies                         bool
	}{
		s.Name, s.Start, s.Feeds, s.Sitemaps,
		patterns(s.Allow), patterns(s.Deny), patterns(s.Article),
		s.Schedule, s.MaxDepth, s.Concurrency, s.MaxPages,
		int64(s.Delay), int64(s.Refresh), s.Cookies,
	}
	b, _ := json.Marshal(canon) // strings, ints and bools always marshal
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func patterns(rs []*regexp.Regexp) []string {
	out := make([]string, len(rs))
	for i, re := range rs {
		out[i] = re.String()
	}
	return out
}

// Package urlnorm reduces the many spellings of a web address to one, so the
// crawler and the archive agree on when two URLs name the same page.
//
// It is pure: no network, no globals beyond a fixed list of tracking
// parameters.
package urlnorm

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// ErrNotHTTP is returned for URLs that are not absolute http or https
// addresses.
var ErrNotHTTP = errors.New("not an absolute http(s) url")

// trackingParams are query parameters that identify a campaign or a click,
// never the page; two URLs differing only in them name the same article.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "ttclid": true, "li_fat_id": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "_ga": true, "_gl": true,
	"_hsenc": true, "_hsmi": true, "mkt_tok": true, "oly_anon_id": true,
	"oly_enc_id": true, "vero_id": true, "vero_conv": true, "rb_clickid": true,
	"s_cid": true, "ncid": true, "cmpid": true, "wt.mc_id": true, "at_medium": true,
	"at_campaign": true, "__twitter_impression": true, "spm": true,
}

// IsTrackingParam reports whether a query parameter name only tracks a click
// or a campaign (utm_*, fbclid, gclid, mc_cid, ...).
func IsTrackingParam(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "utm_") || trackingParams[n]
}

// Normalize returns the normal form of an absolute http(s) URL: scheme and
// host lowercased, default port, fragment and tracking parameters dropped,
// query parameters sorted by name (their order kept within a name), an empty
// path written as "/". The path keeps its case and escaping: servers may
// treat them as significant.
func Normalize(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("normalize url: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("normalize url %q: %w", raw, ErrNotHTTP)
	}
	u.Host = normalHost(u)
	if u.Host == "" {
		return "", fmt.Errorf("normalize url %q: %w", raw, ErrNotHTTP)
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	u.RawQuery = normalQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// normalHost lowercases the host, drops trailing dots and the port the
// scheme implies.
func normalHost(u *url.URL) string {
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	port := u.Port()
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		return host
	}
	return host + ":" + port
}

// normalQuery drops empty and tracking parameters and sorts the rest by
// name, keeping each parameter's original escaping.
func normalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var kept []string
	for _, p := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' }) {
		// Raw blanks in a query are invalid; trimming them keeps the result
		// stable when it is normalised again.
		p = strings.TrimSpace(p)
		if p == "" || IsTrackingParam(paramName(p)) {
			continue
		}
		kept = append(kept, p)
	}
	slices.SortStableFunc(kept, func(a, b string) int {
		return strings.Compare(paramName(a), paramName(b))
	})
	return strings.Join(kept, "&")
}

// paramName is the unescaped name of one "name=value" query pair.
func paramName(pair string) string {
	name, _, _ := strings.Cut(pair, "=")
	if n, err := url.QueryUnescape(name); err == nil {
		return n
	}
	return name
}

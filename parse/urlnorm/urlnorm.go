// Package urlnorm reduces the many spellings of a web address to one, so the
// crawler and the archive agree on when two URLs name the same page.
//
// It is pure: no network, no globals beyond a fixed list of tracking
// parameters.
package urlnorm

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// ErrNotHTTP is returned for URLs that are not absolute http or https
// addresses.
var ErrNotHTTP = errors.New("not an absolute http(s) url")

// trackingParams are query parameters that identify a campaign or a click,
// never the page; two URLs differing only in them name the same article.
//
// Click ids of ad networks and search engines (Google's gclid, gclsrc,
// dclid, gbraid, wbraid, gad_source and srsltid, Microsoft's msclkid,
// Yandex's yclid and ysclid, Facebook's fbclid, Instagram's igshid,
// Pinterest's epik...), mailing tools' recipient and campaign ids
// (mc_cid, mc_eid, _hsenc, mkt_tok, _kx...) and analytics' cross-domain
// ids (_ga, _gl) only; never a name a site may read to pick content
// (ref, source, id, page).
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"gad_source": true, "srsltid": true, "ysclid": true, "s_kwcid": true, "ef_id": true,
	"irclickid": true, "epik": true, "_kx": true,
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
// path written as "/", and RFC 3986's syntax-based normalisation of path and
// query (section 6.2.2): percent-escapes in upper case, letters, digits and
// "-._~" unescaped, "." and ".." segments removed, and the query's bytes
// that must be escaped (non-ASCII, controls, blanks) escaped. Beyond that
// the path keeps its case and escaping (%2F stays %2F): servers may treat
// them as significant.
func Normalize(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("normalize url: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("normalize url %q: %w", raw, ErrNotHTTP)
	}
	u.Host = Host(u)
	if u.Host == "" {
		return "", fmt.Errorf("normalize url %q: %w", raw, ErrNotHTTP)
	}
	u.Fragment, u.RawFragment = "", ""
	if err := normalPath(u); err != nil {
		return "", fmt.Errorf("normalize url %q: %w", raw, err)
	}
	u.RawQuery = normalQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// Host is u's host in its normal form: lowercased, without trailing dots
// or the port the scheme implies ("" when u has none). HTTP://Example.COM:80
// and http://example.com are one host, for a crawl's politeness as for
// the archive's keys.
//
// A name in letters beyond ASCII is written in its ASCII form (IDNA), as
// it is looked up and asked for: "café.example" and "xn--caf-dma.example"
// are one host, whose pages a site links under either spelling. An IPv6
// literal is written in its canonical form (RFC 5952, as netip.Addr
// writes it): [0:0::1] and [::1] are one server. A name IDNA refuses is
// kept as written (requests to it fail as they would).
func Host(u *url.URL) string {
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	switch {
	case host == "":
		return ""
	case strings.Contains(host, ":"):
		host = "[" + canonicalIPv6(host) + "]"
	case !isASCII(host):
		if name, err := idna.Lookup.ToASCII(host); err == nil {
			host = name
		}
	}
	port := u.Port()
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		return host
	}
	return host + ":" + port
}

// canonicalIPv6 writes an IPv6 address in its canonical form, leaving one
// it cannot read, or one with a zone, as it is.
func canonicalIPv6(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil || ip.Zone() != "" {
		return addr
	}
	return ip.String()
}

// isASCII reports whether s holds ASCII bytes alone.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// normalPath writes the path in its normal escaping without dot segments;
// an empty path becomes "/".
func normalPath(u *url.URL) error {
	escaped := u.EscapedPath()
	raw := removeDotSegments(normalEscapes(escaped, false))
	if raw == "" {
		raw = "/"
	}
	if raw == escaped {
		return nil
	}
	path, err := url.PathUnescape(raw)
	if err != nil {
		return err
	}
	u.Path, u.RawPath = path, raw
	return nil
}

// normalEscapes rewrites the escaping of a path or query as RFC 3986
// section 6.2.2 does: the hex digits of a percent-escape in upper case,
// and an escaped unreserved character (a letter, a digit, "-._~") as
// itself. In a query (query true) it also escapes the bytes that cannot
// stand there unescaped, which url.Parse lets through: non-ASCII, controls,
// blanks and `"<>`. An escape naming one of them and the byte itself are
// one spelling of the same address.
func normalEscapes(s string, query bool) string {
	if isNormalEscaping(s, query) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if Unreserved(v) && !(isHex(v) && afterStrayPercent(b.String())) {
				b.WriteByte(v)
			} else {
				writeEscape(&b, v)
			}
			i += 2
		case query && MustEscapeInQuery(c):
			writeEscape(&b, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// afterStrayPercent reports whether out, a normal form being written,
// ends in a "%" that starts no escape, alone or with one hex digit after
// it: a hex digit unescaped there would make an escape of it ("%0%61"
// would read "%0a"), and the normal form would change when normalised
// again. Escapes are written whole, so such a "%" is a stray one.
func afterStrayPercent(out string) bool {
	n := len(out)
	return n >= 1 && out[n-1] == '%' || n >= 2 && out[n-2] == '%' && isHex(out[n-1])
}

// isNormalEscaping reports whether normalEscapes would leave s as it is,
// without building a copy: most URLs hold no escape at all.
func isNormalEscaping(s string, query bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if Unreserved(v) || s[i+1] >= 'a' || s[i+2] >= 'a' {
				return false
			}
			i += 2
		case query && MustEscapeInQuery(c):
			return false
		}
	}
	return true
}

func writeEscape(b *strings.Builder, c byte) {
	const hex = "0123456789ABCDEF"
	b.WriteByte('%')
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&15])
}

// MustEscapeInQuery reports whether byte c must be percent-encoded in a
// query: a space or control, a non-ASCII byte, a quote, < or >.
func MustEscapeInQuery(c byte) bool {
	return c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>'
}

// Unreserved reports whether c is a letter, a digit or one of "-._~": the
// bytes RFC 3986 never needs escaped, which the normal form writes as
// themselves.
func Unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// removeDotSegments drops the "." segments of an absolute path and the
// segments ".." climbs out of (RFC 3986 section 5.2.4): /a/./b/../c is
// /a/c. A path ending in one of them ends in "/".
func removeDotSegments(p string) string {
	if !strings.Contains(p, "/.") {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
			continue
		}
		if last {
			out = append(out, "")
		}
	}
	return strings.Join(out, "/")
}

// normalQuery drops empty and tracking parameters, writes the rest in
// their normal escaping (see normalEscapes) and sorts them by name.
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
		kept = append(kept, normalEscapes(p, true))
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

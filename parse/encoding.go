package parse

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// metaScanLimit bounds the search for a <meta charset>. Browsers stop after
// 1024 bytes, but many news pages put kilobytes of inline script and style
// before the declaration, so we look further; the scan still ends at <body>.
const metaScanLimit = 64 << 10

// guessMinConfidence is the chardet confidence (0-100) below which a guess is
// not trusted and windows-1252, the web's historical default, is used.
const guessMinConfidence = 50

var utf8Encoding = unicode.UTF8

// decodeHTML returns body as valid UTF-8, choosing the charset in the order
// browsers do: byte order mark, Content-Type charset, <meta> declaration,
// then sniffing. A declared legacy charset loses to valid multi-byte UTF-8,
// because such bytes are almost never legacy text and misdeclared UTF-8
// pages are common. A <meta> charset of the result is rewritten to utf-8 so
// that later stages do not decode it a second time.
func decodeHTML(body []byte, contentType string) []byte {
	decl, declared := findMetaCharset(body)
	enc, bomLen := chooseEncoding(body, contentType, decl.label)
	out := body[bomLen:]
	if enc != utf8Encoding {
		if decoded, err := enc.NewDecoder().Bytes(out); err == nil {
			out = decoded
		}
	}
	repaired := !utf8.Valid(out)
	if repaired {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	if bomLen > 0 || enc != utf8Encoding || repaired {
		// Offsets moved: find the declaration again in the output.
		decl, declared = findMetaCharset(out)
	}
	if !declared || lookupCharset(decl.label) == utf8Encoding {
		return out
	}
	return replaceMeta(out, decl)
}

// chooseEncoding returns the encoding of body, given the label of its
// <meta> declaration (may be empty), and the length of its byte order mark.
func chooseEncoding(body []byte, contentType, metaLabel string) (encoding.Encoding, int) {
	if enc, n := bomEncoding(body); enc != nil {
		return enc, n
	}
	if enc := headerUTF16(contentType, body); enc != nil {
		return enc, 0
	}
	for _, label := range []string{headerCharset(contentType), metaLabel} {
		if enc := lookupCharset(label); enc != nil {
			if enc == utf8Encoding && !validUTF8Prefix(body) && mostlyNotUTF8(body) {
				return guessEncoding(body), 0 // a legacy page declared UTF-8 by its template
			}
			return preferUTF8(enc, body), 0
		}
	}
	if validUTF8Prefix(body) {
		return utf8Encoding, 0
	}
	return guessEncoding(body), 0
}

func bomEncoding(body []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return utf8Encoding, 3
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	}
	return nil, 0
}

func headerCharset(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// headerUTF16 is the UTF-16 encoding a Content-Type charset names, as
// browsers honour it there (not in a <meta>), when the body bears it out:
// HTML in UTF-16 has a zero byte in every ASCII character. A page served
// as UTF-16 that holds none is ASCII-compatible and read as such; nil when
// the header names no UTF-16.
func headerUTF16(contentType string, body []byte) encoding.Encoding {
	label := headerCharset(contentType)
	if label == "" || bytes.IndexByte(body[:min(len(body), 1024)], 0) < 0 {
		return nil
	}
	switch _, name := charset.Lookup(label); name {
	case "utf-16le":
		if !strings.EqualFold(strings.TrimSpace(label), "utf-16le") && bigEndian(body) {
			// "utf-16" names no byte order; little-endian is the default,
			// but markup in big-endian order shows its NULs first.
			return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
		}
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case "utf-16be":
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return nil
}

// bigEndian reports whether UTF-16 text without a BOM is in big-endian
// order: ASCII markup has its NUL bytes at even offsets then.
func bigEndian(body []byte) bool {
	head := body[:min(len(body), 1024)]
	even, odd := 0, 0
	for i, b := range head {
		if b == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	return even > odd
}

// lookupCharset maps a charset label to its WHATWG encoding (ISO-8859-1 is
// windows-1252, GB2312 is GBK, ...). UTF-16 labels mean UTF-8 here, as a
// <meta> declaration's do in browsers: a page that declares its charset in
// ASCII is not UTF-16 (headerUTF16 reads the header's).
func lookupCharset(label string) encoding.Encoding {
	if strings.TrimSpace(label) == "" {
		return nil
	}
	enc, name := charset.Lookup(label)
	if enc == nil {
		return nil
	}
	if name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return utf8Encoding
	}
	return enc
}

// preferUTF8 overrides a declared legacy charset when body is valid UTF-8
// holding multi-byte sequences.
func preferUTF8(declared encoding.Encoding, body []byte) encoding.Encoding {
	if declared != utf8Encoding && hasHighBit(body) && validUTF8Prefix(body) {
		return utf8Encoding
	}
	return declared
}

// validUTF8Prefix reports whether body is valid UTF-8, allowing a rune cut
// at the end (a body truncated at the size cap).
func validUTF8Prefix(body []byte) bool {
	for i := len(body) - 1; i >= 0 && i > len(body)-utf8.UTFMax; i-- {
		if body[i] < utf8.RuneSelf {
			break
		}
		if utf8.RuneStart(body[i]) {
			if !utf8.FullRune(body[i:]) {
				body = body[:i]
			}
			break
		}
	}
	return utf8.Valid(body)
}

// mostlyNotUTF8 reports whether most of body's non-ASCII bytes fail to
// decode as UTF-8: a page in a legacy charset declared UTF-8, which would
// come out as a row of U+FFFD. A stray invalid byte or a rune cut at the
// size cap does not count.
func mostlyNotUTF8(body []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(body); {
		if body[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	return invalid >= 8 && invalid > 2*valid
}

func hasHighBit(body []byte) bool {
	for _, c := range body {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// guessEncoding sniffs the charset of undeclared, non-UTF-8 bytes.
func guessEncoding(body []byte) encoding.Encoding {
	sample := body
	if len(sample) > metaScanLimit {
		sample = sample[:metaScanLimit]
	}
	res, err := chardet.NewHtmlDetector().DetectBest(sample)
	if err == nil && res.Confidence >= guessMinConfidence {
		if enc := lookupCharset(res.Charset); enc != nil && enc != utf8Encoding {
			return enc
		}
	}
	enc, _ := charset.Lookup("windows-1252")
	return enc
}

// IsHTML reports whether Parse reads a body of the declared content type
// as an HTML page (see checkHTML): a crawler that decides by it follows
// and archives exactly the pages that scrape and reparse would file.
func IsHTML(body []byte, contentType string) bool {
	return checkHTML(body, contentType) == nil
}

// checkHTML rejects content that is not an HTML page: a declared non-text
// type (PDF, image, JSON), sniffed binary data, or plain text that does not
// look like markup. An empty body is a page without an article.
func checkHTML(body []byte, contentType string) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return notArticle("empty page")
	}
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if kind := binaryKind(body); kind != "" && headerUTF16(contentType, body) == nil {
		return fmt.Errorf("%w: %s content", ErrNotHTML, kind)
	}
	if kind := listingKind(textHead(body, contentType)); kind != "" {
		return fmt.Errorf("%w: %s", ErrNotHTML, kind)
	}
	switch {
	case mediaType == "", mediaType == "text/html", mediaType == "application/xhtml+xml",
		mediaType == "application/octet-stream":
		return nil
	case strings.HasPrefix(mediaType, "text/"), strings.HasSuffix(mediaType, "xml"):
		if looksLikeHTML(textHead(body, contentType)) {
			return nil
		}
	}
	return fmt.Errorf("%w: %s content", ErrNotHTML, mediaType)
}

// binaryKind names the sniffed type of binary content ("application/pdf",
// "image/png"), or returns "" for text.
func binaryKind(body []byte) string {
	if enc, _ := bomEncoding(body); enc != nil {
		return ""
	}
	// Text has no NUL bytes, binary data (or UTF-16 without a BOM) many; a
	// few strays in a page (a comment, a broken template, one before its
	// doctype) leave it a page.
	head := body[:min(len(body), metaScanLimit)]
	strays := bytes.Count(head, []byte{0})
	if strays*strayNULs > len(head) {
		return "binary"
	}
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(body))
	if sniffed == "application/octet-stream" && strays > 0 {
		// The sniffer calls any NUL in its first 512 bytes binary; no
		// signature of a binary format was found, so look again without.
		sniffed, _, _ = mime.ParseMediaType(http.DetectContentType(bytes.ReplaceAll(body[:min(len(body), 512)], []byte{0}, nil)))
	}
	if !strings.HasPrefix(sniffed, "text/") {
		return sniffed
	}
	return ""
}

// strayNULs: a page whose first bytes hold more than one NUL in this many
// is binary.
const strayNULs = 1000

// textHead is the start of body as UTF-8 text, to look for markup in:
// UTF-16 (by its BOM or the charset declared) decoded, any other encoding
// as it is, since tags are ASCII in all of them.
func textHead(body []byte, contentType string) []byte {
	head := body[:min(len(body), 2*htmlSniffLen)]
	enc, skip := bomEncoding(head)
	if enc == nil || enc == utf8Encoding {
		enc, skip = headerUTF16(contentType, head), 0
	}
	if enc == nil {
		return head
	}
	decoded, err := enc.NewDecoder().Bytes(head[skip:])
	if err != nil {
		return head
	}
	return decoded
}

// htmlSniffLen is how much of the start of a page looksLikeHTML reads.
const htmlSniffLen = 4096

// looksLikeHTML reports whether the start of body holds an HTML tag, for
// pages served as text/plain or XML.
func looksLikeHTML(body []byte) bool {
	head := bytes.ToLower(body[:min(len(body), htmlSniffLen)])
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<div"} {
		if bytes.Contains(head, []byte(tag)) {
			return true
		}
	}
	return false
}

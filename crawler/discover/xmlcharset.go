package discover

import (
	"bytes"
	"mime"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// UTF8XML returns a feed or sitemap body in UTF-8 when it is in another
// encoding the XML itself may not say: UTF-16 by its byte order mark, or
// the charset of the Content-Type header, which wins over the XML
// declaration's (RFC 7303) and which a declaration without an encoding
// leaves to mean UTF-8, unless the bytes are UTF-8 (see utf8Text). The declaration's encoding is then dropped, so the
// body reads as what it now is. A gzipped body, or one already in UTF-8,
// is returned as it is, but for a declaration naming another encoding
// (see utf8Declared).
func UTF8XML(body []byte, contentType string) []byte {
	if bytes.HasPrefix(body, utf8BOM) || utf8Text(body) {
		return utf8Declared(body)
	}
	enc := bomUTF16(body)
	if enc == nil {
		enc = headerCharset(contentType)
	}
	if enc == nil || bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		return body
	}
	decoded, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return body
	}
	decoded = bytes.TrimPrefix(decoded, []byte("\uFEFF"))
	return xmlEncodingAttr.ReplaceAll(decoded, []byte("$1"))
}

// utf8Text reports whether body is UTF-8 beyond ASCII: servers label
// UTF-8 feeds ISO-8859-1 by a default of theirs, and text in a one-byte
// charset almost never forms valid UTF-8 sequences, so the bytes decide.
func utf8Text(body []byte) bool {
	return utf8.Valid(body) && slices.ContainsFunc(body, func(b byte) bool { return b >= utf8.RuneSelf })
}

// utf8BOM is UTF-8's byte order mark.
var utf8BOM = []byte("\xef\xbb\xbf")

// utf8Declared is a body in UTF-8, by its byte order mark or its bytes,
// without the encoding its XML declaration names when that is another:
// templates copied from older sites keep encoding="ISO-8859-1" over
// UTF-8 text, and the parsers, taking the declaration at its word, read
// "café" in a story's address as "cafÃ©", an address the site does not
// have. The byte order mark goes with it.
func utf8Declared(body []byte) []byte {
	text := bytes.TrimPrefix(body, utf8BOM)
	m := xmlEncodingLabel.FindSubmatch(text)
	if m == nil {
		return body
	}
	if _, name := charset.Lookup(strings.TrimSpace(string(m[1]))); name == "utf-8" {
		return body
	}
	return xmlEncodingAttr.ReplaceAll(text, []byte("$1"))
}

// xmlEncodingAttr is the encoding of an XML declaration.
var xmlEncodingAttr = regexp.MustCompile(`^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']`)

// bomUTF16 is UTF-16 when body starts with its byte order mark.
func bomUTF16(body []byte) encoding.Encoding {
	if bytes.HasPrefix(body, []byte{0xFF, 0xFE}) || bytes.HasPrefix(body, []byte{0xFE, 0xFF}) {
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	return nil
}

// headerCharset is the encoding a Content-Type header names, nil for none
// or UTF-8.
func headerCharset(contentType string) encoding.Encoding {
	_, params, err := mime.ParseMediaType(contentType)
	label := strings.ToLower(strings.TrimSpace(params["charset"]))
	if err != nil || label == "" {
		return nil
	}
	enc, name := charset.Lookup(label)
	if enc == nil || name == "utf-8" {
		return nil
	}
	return enc
}

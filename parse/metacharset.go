package parse

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// metaCharset is a charset declared by a <meta> element, with the byte span
// of that element in the document.
type metaCharset struct {
	label      string
	start, end int
}

// findMetaCharset returns the first charset declaration of the document's
// head: <meta charset> or <meta http-equiv="Content-Type" content="...">.
// It reads at most metaScanLimit bytes and stops at <body>.
func findMetaCharset(doc []byte) (metaCharset, bool) {
	doc = doc[:min(len(doc), metaScanLimit)]
	z := html.NewTokenizer(bytes.NewReader(doc))
	offset := 0
	for {
		tt := z.Next()
		start := offset
		offset += len(z.Raw())
		switch tt {
		case html.ErrorToken:
			return metaCharset{}, false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return metaCharset{}, false
			}
			if string(name) != "meta" || !hasAttr {
				continue
			}
			if label := metaLabel(z); label != "" {
				return metaCharset{label: label, start: start, end: offset}, true
			}
		}
	}
}

// metaLabel reads the charset label from the attributes of a <meta> tag.
func metaLabel(z *html.Tokenizer) string {
	var charsetAttr, content string
	pragma := false
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		switch string(key) {
		case "charset":
			if charsetAttr == "" {
				charsetAttr = string(val)
			}
		case "http-equiv":
			pragma = strings.EqualFold(strings.TrimSpace(string(val)), "content-type")
		case "content":
			content = string(val)
		}
	}
	if charsetAttr != "" {
		return strings.TrimSpace(charsetAttr)
	}
	if !pragma {
		return ""
	}
	return charsetParam(content)
}

// charsetParam extracts the charset of a content attribute such as
// "text/html; charset=iso-8859-1", leniently, as browsers do.
func charsetParam(content string) string {
	i := strings.Index(strings.ToLower(content), "charset")
	if i < 0 {
		return ""
	}
	rest := strings.TrimSpace(content[i+len("charset"):])
	rest, ok := strings.CutPrefix(rest, "=")
	if !ok {
		return ""
	}
	rest = strings.Trim(strings.TrimSpace(rest), `"'`)
	if end := strings.IndexAny(rest, "; \t\n\f\r\"'"); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// replaceMeta replaces the <meta> declaration decl of an already decoded
// document with a UTF-8 one, so nothing downstream decodes it again.
func replaceMeta(doc []byte, decl metaCharset) []byte {
	const utf8Meta = `<meta charset="utf-8">`
	out := make([]byte, 0, len(doc)-(decl.end-decl.start)+len(utf8Meta))
	out = append(out, doc[:decl.start]...)
	out = append(out, utf8Meta...)
	return append(out, doc[decl.end:]...)
}

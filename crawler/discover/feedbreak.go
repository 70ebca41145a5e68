package discover

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html/charset"
)

// feedUpToBreak is a feed the feed parser refused whole, cut after the
// last item or entry before the point where its XML breaks off (cut at a
// size limit, malformed from some item on) and closed there, so that the
// items before the break are read as the parser reads any feed, their
// dates included. Nil when no item ends before the break.
func feedUpToBreak(body []byte) []byte {
	body = declaredToUTF8(body)
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	var open, openAtCut []string // raw names of the elements open, outermost first
	cut := int64(-1)
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, rawName(t.Name))
		case xml.EndElement:
			open = closeElement(open, rawName(t.Name))
			if t.Name.Local == "item" || t.Name.Local == "entry" {
				cut, openAtCut = d.InputOffset(), slices.Clone(open)
			}
		}
	}
	if cut < 0 {
		return nil
	}
	return closedAt(body[:cut], openAtCut)
}

// closedAt is head followed by the end tags of the elements still open.
func closedAt(head []byte, open []string) []byte {
	var sb strings.Builder
	sb.Write(head)
	for i := len(open) - 1; i >= 0; i-- {
		sb.WriteString("</" + open[i] + ">")
	}
	return []byte(sb.String())
}

// closeElement pops name and the elements left open inside it; an end
// tag that closes nothing open is ignored.
func closeElement(open []string, name string) []string {
	for i := len(open) - 1; i >= 0; i-- {
		if open[i] == name {
			return open[:i]
		}
	}
	return open
}

// rawName is an element's name as written, with its prefix.
func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// declaredToUTF8 is body in UTF-8 when its XML declaration names another
// encoding, the declaration's encoding dropped, so that offsets into it
// are offsets into what the feed parser reads.
func declaredToUTF8(body []byte) []byte {
	m := xmlEncodingLabel.FindSubmatch(body)
	if m == nil || strings.EqualFold(string(m[1]), "utf-8") {
		return body
	}
	r, err := charset.NewReaderLabel(string(m[1]), bytes.NewReader(body))
	if err != nil {
		return body
	}
	decoded, err := io.ReadAll(r)
	if err != nil {
		return body
	}
	return xmlEncodingAttr.ReplaceAll(decoded, []byte("$1"))
}

// xmlEncodingLabel is the encoding an XML declaration names.
var xmlEncodingLabel = regexp.MustCompile(`^\s*<\?xml[^>]*?\s+encoding\s*=\s*["']([^"']*)["']`)

package discover

import (
	"bytes"
	"testing"
)

// TestUTF8XML: a feed in the charset its Content-Type names, or in UTF-16
// by its byte order mark, is read in UTF-8, the header winning over the
// declaration; UTF-8 and gzipped bodies are left as they are.
func TestUTF8XML(t *testing.T) {
	latin1 := []byte("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Caf\xe9</title><item><title>M\xfcnchen</title>" +
		"<link>https://news.example/a</link></item></channel></rss>")
	latin1Declared := bytes.Replace(latin1, []byte(`version="1.0"`), []byte(`version="1.0" encoding="ISO-8859-1"`), 1)
	declared := bytes.Replace(latin1, []byte(`version="1.0"`), []byte(`version="1.0" encoding="UTF-8"`), 1)
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><item><title>Caf\u00e9</title><link>https://news.example/a</link></item></channel></rss>" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	gz := []byte{0x1f, 0x8b, 8, 0}
	tests := []struct {
		name, contentType string
		body              []byte
		want              string // a piece of the result
	}{
		{"charset in the header only", "text/xml; charset=ISO-8859-1", latin1, "<title>Café</title><item><title>München</title>"},
		{"the header wins over the declaration", "application/rss+xml; charset=windows-1252", declared, `<?xml version="1.0"?>`},
		{"UTF-16 by its byte order mark", "", utf16, `<?xml version="1.0"?><rss version="2.0"><channel><item><title>Café</title>`},
		{"UTF-8 in the header", "text/xml; charset=utf-8", []byte("<rss>Café</rss>"), "<rss>Café</rss>"},
		{"no charset", "application/xml", latin1, "Caf\xe9"},
		{"UTF-8 by its byte order mark under a Latin-1 label", "text/xml; charset=ISO-8859-1", []byte("\xef\xbb\xbf<?xml version=\"1.0\"?><rss><link>https://news.example/a</link></rss>"),
			"<?xml version=\"1.0\"?><rss>"},
		// A server's default label on a UTF-8 feed: the bytes decide.
		{"UTF-8 under a Latin-1 label", "text/xml; charset=ISO-8859-1", []byte(`<?xml version="1.0" encoding="UTF-8"?><rss><title>München</title></rss>`),
			`<?xml version="1.0" encoding="UTF-8"?><rss><title>München</title></rss>`},
		{"gzipped", "text/xml; charset=ISO-8859-1", gz, string(gz)},
		// A template's declaration over UTF-8 text: the bytes decide too.
		{"UTF-8 declared ISO-8859-1", "application/rss+xml", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rss><link>https://news.example/café</link></rss>`),
			`<?xml version="1.0"?><rss><link>https://news.example/café</link></rss>`},
		{"UTF-8 by its byte order mark declared windows-1252", "", []byte("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss><link>https://news.example/a</link></rss>"),
			`<?xml version="1.0"?><rss>`},
		{"ISO-8859-1 declared so", "text/xml", latin1Declared, `encoding="ISO-8859-1"?>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UTF8XML(tt.body, tt.contentType); !bytes.Contains(got, []byte(tt.want)) {
				t.Errorf("UTF8XML = %q, want it to hold %q", got, tt.want)
			}
		})
	}
	entries, err := Feed(UTF8XML(latin1, "text/xml; charset=ISO-8859-1"), "https://news.example/rss")
	if err != nil || len(entries) != 1 || entries[0].Title != "München" {
		t.Errorf("feed in its header's charset: %+v, %v", entries, err)
	}
	entries, err = Feed(UTF8XML(latin1Declared, "text/xml"), "https://news.example/rss")
	if err != nil || len(entries) != 1 || entries[0].Title != "München" {
		t.Errorf("feed in its declaration's charset: %+v, %v", entries, err)
	}
	entries, err = Feed(UTF8XML(utf16, ""), "https://news.example/rss")
	if err != nil || len(entries) != 1 || entries[0].Title != "Café" {
		t.Errorf("UTF-16 feed: %+v, %v", entries, err)
	}
}

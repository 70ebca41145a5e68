package discover

import "bytes"

// outputScanBytes is how far into a feed or sitemap its XML declaration
// is looked for after other output: a PHP warning or two, not a page.
const outputScanBytes = 16 << 10

// xmlAfterOutput is body from its XML declaration when something else
// comes before it: a PHP warning or notice the server printed before the
// feed or sitemap ("<b>Warning</b>: Cannot modify header information
// ..."), which made the whole of it unreadable (no feed type, a <br>
// root, a text sitemap without an address). Nil when the declaration
// opens body, or there is none.
func xmlAfterOutput(body []byte) []byte {
	head := body[:min(len(body), outputScanBytes)]
	i := bytes.Index(head, []byte("<?xml"))
	if i <= 0 || len(bytes.TrimSpace(bytes.TrimPrefix(head[:i], utf8BOM))) == 0 {
		return nil
	}
	return body[i:]
}

package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// TestFilePairsFileAndManifest: two exports to one path at once renamed
// their files and manifests in turn, and the first's manifest could land
// over the second's, beside the second's file: a manifest whose sha256,
// rows and filters were of another file. The second export here starts
// between the first's two renames, the moment that paired them wrongly.
func TestFilePairsFileAndManifest(t *testing.T) {
	st, _ := fillArchive(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.jsonl")
	if _, err := File(ctx, st, path, Options{Format: JSONL, Filter: archive.ExportFilter{Source: "valley"}}, Manifest{}); err != nil {
		t.Fatal(err)
	}
	var (
		started       atomic.Bool
		staleManifest bool
		second        = make(chan error, 1)
	)
	afterDataRename = func() {
		if started.Swap(true) {
			return // the second export's own renames
		}
		// An export killed here leaves the new file: a manifest beside
		// it would be the old one, of other contents.
		_, err := os.Stat(path + ManifestSuffix)
		staleManifest = err == nil
		go func() {
			_, err := File(ctx, st, path, Options{Format: CSV, Filter: archive.ExportFilter{Source: "valley"}}, Manifest{})
			second <- err
		}()
		select { // the second export waits for the lock, or races past
		case err := <-second:
			second <- err
		case <-time.After(300 * time.Millisecond):
		}
	}
	t.Cleanup(func() { afterDataRename = func() {} })
	if _, err := File(ctx, st, path, Options{Format: JSONL, Filter: archive.ExportFilter{Source: "harbor"}}, Manifest{}); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if staleManifest {
		t.Error("between the renames, the old manifest stood beside the new file")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := os.ReadFile(path + ManifestSuffix)
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if m.SHA256 != hex.EncodeToString(sum[:]) || m.Bytes != int64(len(b)) {
		t.Errorf("manifest of a %s export of %q (%d bytes) beside a file of %d bytes starting %.20q",
			m.Format, m.Filters.Source, m.Bytes, len(b), b)
	}
	onlyFiles(t, filepath.Dir(path), "news.jsonl", "news.jsonl"+ManifestSuffix)
}

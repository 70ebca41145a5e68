package archive

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestExportSnapshotsWhileACrawlStores: pages stored while a web archive
// export runs (the daemon crawling) are not seen by some of its reads
// only: the export holds the archive as it was when it began, and is not
// taken for damage (it failed with "N versions selected, M found beside
// their fetches").
func TestExportSnapshotsWhileACrawlStores(t *testing.T) {
	tests := []struct {
		name   string
		filter ExportFilter
	}{
		{"every fetch", ExportFilter{}},
		{"a time range", ExportFilter{DateBounds: DateBounds{Since: t0.Add(-time.Hour)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			for i := range 3 {
				mustSave(t, s, record(fmt.Sprintf("https://news.example/%d", i), "Harbour", fmt.Sprintf("Story %d of the harbour.", i), t0))
			}
			var versions, calls int
			err := s.ExportSnapshots(context.Background(), tt.filter, func(snap *Snapshot) error {
				if calls++; calls == 1 {
					mustSave(t, s, record("https://news.example/late", "Late", "A story stored during the export.", t0))
					mustSave(t, s, record("https://news.example/0", "Harbour", "Story 0 of the harbour, updated.", t0.Add(time.Hour)))
				}
				versions += len(snap.Versions)
				return nil
			})
			if err != nil {
				t.Fatalf("export while storing: %v", err)
			}
			if versions != 3 {
				t.Errorf("exported %d versions, want the 3 stored before it began", versions)
			}
		})
	}
}

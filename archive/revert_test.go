package archive

import (
	"testing"
	"time"
)

// TestPageBackToAnEarlierVersion: a page that goes back to an earlier text
// makes that version the latest again; the save says so (a crawl counts it
// updated), while the same text seen again, or an old page saved late,
// is no such change.
func TestPageBackToAnEarlierVersion(t *testing.T) {
	s := mustOpen(t)
	const u = "https://n.example/news/river-works"
	edited := floodText + " The council later withdrew the plan."
	first := mustSave(t, s, record(u, "River works begin", floodText, t0))
	second := mustSave(t, s, record(u, "River works begin", edited, t0.Add(time.Hour)))
	tests := []struct {
		name         string
		text         string
		at           time.Time
		wantReverted bool
		wantVersion  int64
	}{
		{"back to the first text", floodText, t0.Add(2 * time.Hour), true, first.VersionID},
		{"the first text again", floodText, t0.Add(3 * time.Hour), false, first.VersionID},
		{"the edit, saved late", edited, t0.Add(90 * time.Minute), false, second.VersionID},
	}
	for _, tt := range tests {
		got := mustSave(t, s, record(u, "River works begin", tt.text, tt.at))
		if got.Reverted != tt.wantReverted || got.NewVersion || got.VersionID != tt.wantVersion {
			t.Errorf("%s: saved %+v; want reverted %v, version %d", tt.name, got, tt.wantReverted, tt.wantVersion)
		}
	}
	if v, err := s.Latest(t.Context(), first.ArticleID); err != nil || v.ID != first.VersionID {
		t.Errorf("latest version %d, %v; want the first, %d", v.ID, err, first.VersionID)
	}
}

//go:build unix

package main

import (
	"os"
	"strings"
	"testing"
)

// TestDBReindexRefusesAnotherUsersArchive: a user who may read an archive
// but not write it is refused db reindex at once, in one line naming the
// file, as db compact is, and the index is left as it was.
func TestDBReindexRefusesAnotherUsersArchive(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the binary as other users")
	}
	_, db := ownedArchive(t)
	for _, action := range []string{"compact", "reindex"} {
		r := runAsUser(t, readerUID, "db", "--db", db, action)
		if r.code != 1 || !strings.Contains(r.stderr, "a.db is not writable") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("db %s by a reader: exit %d, stderr %q; want 1 and one line naming the file", action, r.code, r.stderr)
		}
	}
	if r := runAsUser(t, ownerUID, "db", "--db", db, "reindex"); r.code != 0 || !strings.Contains(r.stdout, "search index rebuilt: 3 articles") {
		t.Errorf("db reindex by the owner: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

package sourcerun

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/logbuf"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// TestRedirectPasswordsStayOutOfErrors: articles redirecting to
// addresses with a user name and password (out of the source's scope, in
// a loop, in a Location that does not parse) are recorded failed, and
// neither the error of their fetches rows nor the run's log lines repeat
// the password; the response headers stay as the server sent them.
func TestRedirectPasswordsStayOutOfErrors(t *testing.T) {
	const secret = "s3cret-pw"
	site := newstest.NewSite(t, 4)
	withCredentials := strings.Replace(site.URL, "http://", "http://reader:"+secret+"@", 1)
	moves := map[int]struct{ to, why string }{
		1: {"http://reader:" + secret + "@elsewhere.example/story", "redirect out of scope"},
		2: {withCredentials + newstest.ArticlePath(2), "stopped after"},
		3: {withCredentials + "/news/%zz", "failed to parse Location header"},
	}
	for i, m := range moves {
		site.Move(i, m.to)
	}
	db := filepath.Join(t.TempDir(), "archive.db")
	store := mustOpen(t, db)
	var logs logbuf.Buffer
	src := config.Default().Defaults.Source("paper", site.URL+"/")
	src.Delay = 0
	if _, err := Run(context.Background(), store, src, Options{
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}); err != nil {
		t.Fatal(err)
	}

	for i, m := range moves {
		rows := newstest.QueryDB(t, db)
		var errText, headers string
		err := rows.QueryRow(`SELECT error, response_headers FROM fetches WHERE requested_url = ? ORDER BY id DESC LIMIT 1`,
			site.URL+newstest.ArticlePath(i)).Scan(&errText, &headers)
		if err != nil {
			t.Fatalf("article %d: %v", i, err)
		}
		if !strings.Contains(errText, m.why) || !strings.Contains(errText, "reader:xxxxx@") ||
			strings.Contains(errText, secret) {
			t.Errorf("article %d: fetches.error = %q, want %q with the password redacted", i, errText, m.why)
		}
		if i == 1 && !strings.Contains(headers, secret) {
			t.Errorf("article %d: response headers %s lost the Location as sent", i, headers)
		}
	}
	if !strings.Contains(logs.String(), "fetch failed") {
		t.Fatalf("no failed fetch logged:\n%s", logs.String())
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, secret) {
			t.Errorf("log line repeats the password: %s", line)
		}
	}
	for _, r := range newstest.Runs(t, db, "paper") {
		if strings.Contains(r.Message, secret) {
			t.Errorf("run message repeats the password: %s", r.Message)
		}
	}
}

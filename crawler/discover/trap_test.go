package discover

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestTrapRules(t *testing.T) {
	now := time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)
	rules := TrapRules{Now: now}
	tests := []struct {
		url  string
		trap string // part of the reason, "" for no trap
	}{
		{"https://example.com/world/2024/mar/15/flood-defences-hold", ""},
		{"https://example.com/news/news/story-one", ""},
		{"https://example.com/a/b/a/b/a/b", `segment "a" repeated 3 times`},
		{"https://example.com/world/world/world/", `segment "world" repeated 3 times`},
		{"https://example.com/" + strings.Repeat("x/", 21), "path segments"},
		{"https://example.com/story?x=" + strings.Repeat("y", 2100), "url of 2"},
		{"https://example.com/story;jsessionid=0A1B2C3D4E5F", "session id in path"},
		{"https://example.com/story?PHPSESSID=5f4dcc3b5aa765d61d8327deb882cf99", "session id parameter PHPSESSID"},
		{"https://example.com/story?sid=a1b2c3d4e5f6", "session id parameter sid"},
		{"https://example.com/(S(lit3py55t21z5v55vlm25s55))/default.aspx", "session id in path"},
		{"https://example.com/story?sid=2", ""},
		// Story numbers of older news software, not sessions.
		{"https://example.com/modules.php?name=News&file=article&sid=20240315", ""},
		{"https://example.com/article.pl?sid=04/11/28/1234567", ""},
		{"https://example.com/story.php?sid=8f3a9c2b1d4e5f60a1", "session id parameter sid"},
		{"https://example.com/events/calendar/2031/05/", "calendar page of year 2031"},
		{"https://example.com/calendar?month=1887-02", "calendar page of year 1887"},
		{"https://example.com/agenda/?tribe-bar-date=2099-01-01", "calendar page of year 2099"},
		{"https://example.com/calendar/2024/04/", ""},
		{"https://example.com/calendar/2025/01/", ""},
		{"https://example.com/world/2031/01/01/prediction-piece", ""},
		{"https://example.com/news/archive?date=2019-05-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url[:min(len(tt.url), 80)], func(t *testing.T) {
			err := rules.Check(mustURL(t, tt.url))
			if tt.trap == "" {
				if err != nil {
					t.Errorf("unexpected trap: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrTrap) || !strings.Contains(err.Error(), tt.trap) {
				t.Errorf("err = %v, want a trap naming %q", err, tt.trap)
			}
		})
	}
}

func TestTrapRulesLimits(t *testing.T) {
	u := mustURL(t, "https://example.com/a/b/a/b/")
	if err := (TrapRules{MaxSegmentRepeats: 1}).Check(u); !errors.Is(err, ErrTrap) {
		t.Errorf("repeat limit 1: err = %v", err)
	}
	if err := (TrapRules{MaxURLLength: 10}).Check(u); !errors.Is(err, ErrTrap) {
		t.Errorf("length limit 10: err = %v", err)
	}
	// Without a clock, only the distant past marks a calendar.
	if err := (TrapRules{}).Check(mustURL(t, "https://example.com/calendar/2999/01/")); err != nil {
		t.Errorf("zero Now: err = %v", err)
	}
}

func TestWithoutSession(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/news/story;jsessionid=0A1B2C3D4E5F6A7B", "https://example.com/news/story"},
		{"https://example.com/news/story;jsessionid=0A1B2C3D4E5F6A7B?page=2", "https://example.com/news/story?page=2"},
		{"https://example.com/story?PHPSESSID=5f4dcc3b5aa765d61d8327deb882cf99&id=7", "https://example.com/story?id=7"},
		{"https://example.com/news/changing-story?sid=0123456789abcdef", "https://example.com/news/changing-story"},
		{"https://example.com/(S(lit3py55t21z5v55vlm25s55))/news/default.aspx", "https://example.com/news/default.aspx"},
		// Story numbers, not sessions.
		{"https://example.com/article.php?sid=20240315", "https://example.com/article.php?sid=20240315"},
		{"https://example.com/article.php?sid=123", "https://example.com/article.php?sid=123"},
		{"https://example.com/story.php?sid=8f3a9c2b1d4e5f60a1", "https://example.com/story.php?sid=8f3a9c2b1d4e5f60a1"},
		{"https://example.com/news/plain-story", "https://example.com/news/plain-story"},
	}
	for _, tt := range tests {
		if got := WithoutSession(tt.in); got != tt.want {
			t.Errorf("WithoutSession(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

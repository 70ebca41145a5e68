package parse

import (
	"slices"
	"testing"
)

func TestCopiesIn(t *testing.T) {
	const src = "2019-11-19T18:18:25.828095"
	tests := []struct {
		name, text string
		want       []string
	}{
		{"offset", `{"t": "2019-11-19T18:18:25.828095-08:00"}`, []string{src + "-08:00"}},
		{"offset without colon", `t="2019-11-19T18:18:25.828095+0100"`, []string{src + "+0100"}},
		{"utc", `"2019-11-19T18:18:25.828095Z"`, []string{src + "Z"}},
		{"no offset", `"2019-11-19T18:18:25.828095"`, nil},
		{"a longer fraction is another time", `"2019-11-19T18:18:25.8280951-08:00"`, nil},
		{"two copies", `"2019-11-19T18:18:25.828095" "2019-11-19T18:18:25.828095+02:00"`, []string{src + "+02:00"}},
		{"other time", `"2019-11-19T13:16:37-05:00"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := copiesIn(tt.text, src); !slices.Equal(got, tt.want) {
				t.Errorf("copiesIn = %q, want %q", got, tt.want)
			}
		})
	}
}

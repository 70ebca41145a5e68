package parse

import (
	"testing"
	"time"
)

// TestDatesShownInText: a page whose markup dates nothing is dated by
// what it prints, a labelled date first, else a date alone under the
// headline; other numbers are not read as dates.
func TestDatesShownInText(t *testing.T) {
	tests := []struct {
		name, top string
		want      string // RFC 3339, "" for none
	}{
		{"labelled", `<h1>Budget passes</h1><div class="x">Published: Monday, November 18th, 2019 at 11:08 a.m.</div>`, "2019-11-18T11:08:00Z"},
		{"date before its label", `<small><b>18/11/2019</b> - Published by: Ann Lee</small><h1>Budget passes</h1>`, "2019-11-18T00:00:00Z"},
		{"german label", `<h1>Budget passes</h1><span class="about">publiziert am 25. September 2018</span>`, "2018-09-25T00:00:00Z"},
		{"korean label", `<h1>예산 통과</h1><div>기사입력 :[ 2018-08-25 15:24 ]</div>`, "2018-08-25T15:24:00Z"},
		{"russian label", `<h1>Бюджет принят</h1><div>Опубликовано: 12 мая 2024, 10:15</div>`, "2024-05-12T10:15:00Z"},
		{"alone under the headline", `<h1>Budget passes</h1><span>5 min read</span><span>18 NOV 2019</span>`, "2019-11-18T00:00:00Z"},
		{"alone before the headline is a menu", `<nav>18 NOV 2019</nav><h1>Budget passes</h1>`, ""},
		{"numbers that are no date", `<h1>Budget passes</h1><span>5 min read</span><span>12 comments</span>`, ""},
		{"an update is no publication", `<h1>Budget passes</h1><span class="updated">18 NOV 2019</span>`, ""},
		{"nor the date before a label", `<h1>Budget passes</h1><ul><li class="modified-date"><time class="updated">August 13, 2018</time></li><li>Posted by <a rel="author">Ann Lee</a></li></ul>`, ""},
		{"in the future", `<h1>Budget passes</h1><p>Published: March 3, 2031</p>`, ""},
		{"day first with AM/PM", `<h1>Budget passes</h1><div class="byline">By Ann Lee</div><div>30 March 2025, 4:15 PM ET</div>`,
			"2025-03-30T16:15:00-04:00"},
		{"japanese hours and minutes", `<h1>予算が成立</h1><p>2025年3月30日 16時15分</p>`, "2025-03-30T16:15:00Z"},
		{"japanese day", `<h1>予算が成立</h1><p>2025年3月30日</p>`, "2025-03-30T00:00:00Z"},
		{"japanese afternoon", `<h1>予算が成立</h1><p>2025年3月30日 午後4時15分</p>`, "2025-03-30T16:15:00Z"},
		{"korean label and afternoon", `<h1>예산 통과</h1><div>입력 2025년 3월 30일 오후 4:15</div>`, "2025-03-30T16:15:00Z"},
		{"korean dotted day", `<h1>예산 통과</h1><div>입력 2025.03.30. 오후 4:15</div>`, "2025-03-30T16:15:00Z"},
		{"french hour", `<h1>Budget passes</h1><p>le 30 mars 2025 à 18h42</p>`, "2025-03-30T18:42:00Z"},
		{"french slashed day", `<h1>Budget passes</h1><p>Le 30/03/2025 à 18h42</p>`, "2025-03-30T18:42:00Z"},
		{"time with a dot", `<h1>Budget passes</h1><p><span>Ann Lee</span> <span>Sun 30 Mar 2025 07.30 GMT</span></p>`,
			"2025-03-30T07:30:00Z"},
		{"hindi month", `<h1>बजट पास</h1><p>30 मार्च 2025</p>`, "2025-03-30T00:00:00Z"},
		// A printed year before the web news era is the story's subject,
		// not its date (the markup's may be: see TestArchivedStoryDates).
		{"printed before 1990", `<h1>Budget passes</h1><p>Published: June 12, 1955</p>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatOrEmpty(budgetPage(t, tt.top).Published); got != tt.want {
				t.Errorf("published = %q, want %q", got, tt.want)
			}
		})
	}
}

// budgetPage parses a short article without metadata dates whose top,
// before its paragraphs, is top.
func budgetPage(t *testing.T, top string) *Article {
	t.Helper()
	const body = `<p>The council voted on Tuesday to approve the budget after a long debate that ran late into the evening, residents said.</p>
<p>Residents spoke for and against the plan, which raises fees for parking and funds repairs to the old river bridge over two years.</p>`
	page := `<html><head><title>Budget passes</title><meta property="og:type" content="article"></head><body><article>` +
		top + body + `</article></body></html>`
	a, err := Parse(Page{URL: "https://news.example/budget", Body: []byte(page), ContentType: "text/html",
		FetchedAt: time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestPrintedUpdates: a page whose markup dates nothing prints its
// publication and its last update, labelled in its text; the update is
// the modification, never the publication.
func TestPrintedUpdates(t *testing.T) {
	tests := []struct {
		name, top           string
		published, modified string // RFC 3339, "" for none
	}{
		{"one line", `<h1>Budget passes</h1><p>Published March 3, 2025 / Updated March 4, 2025</p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T00:00:00Z"},
		{"labels apart from their dates", `<h1>Budget passes</h1><p><span>Published</span> <span>March 3, 2025</span> <span>Updated</span> <span>March 4, 2025, 10:32 a.m. ET</span></p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T10:32:00-05:00"},
		{"one time element, its datetime the update's", `<h1>Budget passes</h1><div><time datetime="2025-03-04T15:32:10.000Z"><span>Published</span><span>March 3, 2025</span><span>Updated</span><span>March 4, 2025, 10:32 a.m. ET</span></time></div>`,
			"2025-03-03T00:00:00Z", "2025-03-04T10:32:00-05:00"},
		{"a time element of the update", `<h1>Budget passes</h1><p>March 3, 2025</p><time datetime="2025-03-04T15:32:10Z">Updated March 4, 2025</time>`,
			"2025-03-03T00:00:00Z", "2025-03-04T15:32:10Z"},
		{"the update first", `<h1>Budget passes</h1><p>Updated: March 4, 2025</p><p>March 3, 2025</p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T00:00:00Z"},
		{"a date element of the update", `<h1>Budget passes</h1><p class="article-date">Updated: March 4, 2025</p><p class="article-date">March 3, 2025</p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T00:00:00Z"},
		{"french", `<h1>Budget passes</h1><p>Publié le 30 mars 2025 à 18h42, modifié le 31 mars 2025 à 09h10</p>`,
			"2025-03-30T18:42:00Z", "2025-03-31T09:10:00Z"},
		{"french mis à jour", `<h1>Budget passes</h1><p>Publié le 30 mars 2025 à 18h42 - Mis à jour le 31 mars 2025 à 09h10</p>`,
			"2025-03-30T18:42:00Z", "2025-03-31T09:10:00Z"},
		{"korean", `<h1>예산 통과</h1><div>입력 2025-03-30 15:24 수정 2025-03-30 16:02</div>`,
			"2025-03-30T15:24:00Z", "2025-03-30T16:02:00Z"},
		{"hindi", `<h1>संसद ने बजट पारित किया</h1><p>प्रकाशित: 30 मार्च 2025, 16:15</p><p>अपडेटेड: 31 मार्च 2025, 09:10</p>`,
			"2025-03-30T16:15:00Z", "2025-03-31T09:10:00Z"},
		{"an element marked as the update's", `<h1>Budget passes</h1><p>Published March 3, 2025</p><p class="date-updated">Updated: March 4, 2025</p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T00:00:00Z"},
		{"japanese labels after the time", `<h1>予算が成立</h1><p>2025年3月12日 9:00 配信</p><p>2025年3月13日 16:15 更新</p>`,
			"2025-03-12T09:00:00Z", "2025-03-13T16:15:00Z"},
		{"japanese labels after the time in one line", `<h1>予算が成立</h1><p>2025年3月12日 9:00配信 / 2025年3月13日（木）16時15分更新</p>`,
			"2025-03-12T09:00:00Z", "2025-03-13T16:15:00Z"},
		{"japanese update label before the date", `<h1>予算が成立</h1><p>2025年3月12日 9:00</p><p>更新：2025年3月13日 16:15</p>`,
			"2025-03-12T09:00:00Z", "2025-03-13T16:15:00Z"},
		{"japanese words that only start with a label", `<h1>予算が成立</h1><p>2025年3月12日 9:00</p><p>2025年3月14日 10:00 更新予定</p><p>3月20日 配信開始</p>`,
			"2025-03-12T09:00:00Z", ""},
		{"japanese label as a word after no date", `<h1>予算が成立</h1><p>2025年3月12日 9:00</p><p>記録を更新</p><p>2025年3月14日 10:00</p>`,
			"2025-03-12T09:00:00Z", ""},
		{"zones in brackets", `<h1>Budget passes</h1><p>Published November 18, 2024 at 2:26 PM (EST) | Updated November 18, 2024 at 4:46 PM (HST)</p>`,
			"2024-11-18T14:26:00-05:00", "2024-11-18T16:46:00-10:00"},
		{"the publication before the update's label", `<h1>Budget passes</h1><p>March 12, 2026 at 2:26 PM EDT - Updated March 12 at 4:46 PM HST</p>`,
			"2026-03-12T14:26:00-04:00", "2026-03-12T16:46:00-10:00"},
		{"the publication before the update's label, zones in brackets", `<h1>Budget passes</h1><div class="byline">By Ann Lee</div><div>November 18, 2024 at 2:26 PM (EST) | Updated November 18, 2024 at 4:46 PM (HST)</div>`,
			"2024-11-18T14:26:00-05:00", "2024-11-18T16:46:00-10:00"},
		{"japanese update label, weekday in brackets", `<h1>予算が成立</h1><p>2026年3月12日 9:00</p><p>更新：3/13(金) 16:15</p>`,
			"2026-03-12T09:00:00Z", "2026-03-13T16:15:00Z"},
		{"a bracket of words after the date", `<h1>Budget passes</h1><p>Published: March 3, 2025 (print edition of March 4)</p>`,
			"2025-03-03T00:00:00Z", ""},
		{"a yearless day before the update's label", `<h1>Budget passes</h1><p>Nov. 18 - Updated November 19, 2024</p>`,
			"", "2024-11-19T00:00:00Z"},
		{"words before the update's label", `<h1>Budget passes</h1><p>Filed from City Hall, March 3, 2025 - Updated March 4, 2025</p>`,
			"", "2025-03-04T00:00:00Z"},
		{"no update", `<h1>Budget passes</h1><p>Published March 3, 2025</p>`, "2025-03-03T00:00:00Z", ""},
		{"abc news australia", `<h1>Budget passes</h1><div class="ArticleTimestamps_timestamps"><div><span>Posted </span><time data-component="Timestamp">Wed 13 Aug 2025 at 10:15am</time></div><div><span>Updated </span><time data-component="Timestamp">Thu 14 Aug 2025 at 9:02pm</time></div></div>`,
			"2025-08-13T10:15:00Z", "2025-08-14T21:02:00Z"},
		{"abc news australia, one line", `<h1>Budget passes</h1><p>Posted Wed 13 Aug 2025 at 10:15am, updated Thu 14 Aug 2025 at 9:02pm</p>`,
			"2025-08-13T10:15:00Z", "2025-08-14T21:02:00Z"},
		{"abc news australia, an unknown zone", `<h1>Budget passes</h1><p>Posted Wed 13 Aug 2025 at 10:15am ACWST</p><p>Updated Thu 14 Aug 2025 at 9:02pm ACWST</p>`,
			"2025-08-13T10:15:00Z", "2025-08-14T21:02:00Z"},
		{"an update's element without a label", `<h1>Budget passes</h1><p>Published March 3, 2025</p><span class="updated">March 4, 2025</span>`,
			"2025-03-03T00:00:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantBudgetDates(t, tt.top, tt.published, tt.modified) })
	}
}

// wantBudgetDates checks the dates of budgetPage(top), RFC 3339 or ""
// for none.
func wantBudgetDates(t *testing.T, top, published, modified string) {
	t.Helper()
	a := budgetPage(t, top)
	if got := formatOrEmpty(a.Published); got != published {
		t.Errorf("published = %q, want %q", got, published)
	}
	if got := formatOrEmpty(a.Modified); got != modified {
		t.Errorf("modified = %q, want %q", got, modified)
	}
}

func TestSlashDates(t *testing.T) {
	tests := []struct{ in, lang, want string }{
		{"05/10/2018", "pt-BR", "2018-10-05"},
		{"05/10/2018", "en-US", "2018-05-10"},
		{"05/10/2018", "", "05/10/2018"},
		{"25/10/2018", "", "2018-10-25"},
		{"10/25/2018", "en", "2018-10-25"},
		{"5/3/2019 14:30", "fr", "2019-03-05 14:30"},
	}
	for _, tt := range tests {
		if got := slashDates([]string{tt.in}, tt.lang)[0]; got != tt.want {
			t.Errorf("slashDates(%q, %q) = %q, want %q", tt.in, tt.lang, got, tt.want)
		}
	}
}

// TestPrintedZoneNames: a printed date names its zone by an abbreviation
// of one meaning in news use, German's (MEZ, MESZ) and those of Oceania,
// Africa and Southeast Asia among them, and is read in it.
func TestPrintedZoneNames(t *testing.T) {
	tests := []struct {
		name, top string
		want      string // RFC 3339
	}{
		{"german summer time", `<h1>Radwege werden ausgebaut</h1><p class="meta">13.08.2025, 10:15 Uhr MESZ</p>`,
			"2025-08-13T10:15:00+02:00"},
		{"german winter time, month in words", `<h1>Radwege werden ausgebaut</h1><p>Veröffentlicht am 12. Februar 2025, 18:40 Uhr MEZ</p>`,
			"2025-02-12T18:40:00+01:00"},
		{"german summer time without the year", `<h1>Radwege werden ausgebaut</h1><p>Mittwoch, 13. August, 10:15 Uhr MESZ</p>`,
			"2025-08-13T10:15:00+02:00"},
		{"german western european time", `<h1>Radwege werden ausgebaut</h1><p>Stand: 12.02.2025 18:40 Uhr WEZ</p>`,
			"2025-02-12T18:40:00Z"},
		{"german eastern european summer time", `<h1>Radwege werden ausgebaut</h1><p>13.08.2025, 10:15 Uhr OESZ</p>`,
			"2025-08-13T10:15:00+03:00"},
		{"new zealand winter", `<h1>Budget passes</h1><p>Published: 13 August 2025, 10:15am NZST</p>`,
			"2025-08-13T10:15:00+12:00"},
		{"new zealand summer", `<h1>Budget passes</h1><p>Published: 12 February 2025, 6:40pm NZDT</p>`,
			"2025-02-12T18:40:00+13:00"},
		{"south australia", `<h1>Budget passes</h1><p>Posted Wed 13 Aug 2025 at 10:15am ACST</p>`,
			"2025-08-13T10:15:00+09:30"},
		{"western australia", `<h1>Budget passes</h1><p>Posted Wed 13 Aug 2025 at 10:15am AWST</p>`,
			"2025-08-13T10:15:00+08:00"},
		{"south africa", `<h1>Budget passes</h1><p>Published 13 August 2025 10:15 SAST</p>`,
			"2025-08-13T10:15:00+02:00"},
		{"east africa", `<h1>Budget passes</h1><p>Published 13 August 2025 10:15 EAT</p>`,
			"2025-08-13T10:15:00+03:00"},
		{"west africa", `<h1>Budget passes</h1><p>Published 13 August 2025 10:15 WAT</p>`,
			"2025-08-13T10:15:00+01:00"},
		{"western indonesia", `<h1>Anggaran disahkan</h1><p>13/08/2025, 10:15 WIB</p>`,
			"2025-08-13T10:15:00+07:00"},
		{"philippines", `<h1>Budget passes</h1><p>Published August 13, 2025 10:15 AM PHT</p>`,
			"2025-08-13T10:15:00+08:00"},
		// Known before: the same reading, in the same table.
		{"central european summer time", `<h1>Budget passes</h1><p>Published 13 August 2025 10:15 CEST</p>`,
			"2025-08-13T10:15:00+02:00"},
		{"australian eastern", `<h1>Budget passes</h1><p>Posted Wed 13 Aug 2025 at 10:15am AEST</p>`,
			"2025-08-13T10:15:00+10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatOrEmpty(budgetPage(t, tt.top).Published); got != tt.want {
				t.Errorf("published = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestZoneBesideDate: a zone printed in an element of its own right
// after a date's time, on its line, is the date's zone; one further
// away, on another line or before more words, is not.
func TestZoneBesideDate(t *testing.T) {
	tests := []struct {
		name, top           string
		published, modified string // RFC 3339, "" for none
	}{
		{"a date element around both", `<h1>Budget passes</h1><p class="date"><span>Nov 18, 2024 4:46 PM</span> <span>HST</span></p>`,
			"2024-11-18T16:46:00-10:00", ""},
		{"the date element's next sibling", `<h1>Budget passes</h1><p><span class="date">Nov 18, 2024 4:46 PM</span> <span>HST</span></p>`,
			"2024-11-18T16:46:00-10:00", ""},
		{"a date alone under the headline", `<h1>Budget passes</h1><p><span>Nov 18, 2024 4:46 PM</span> <span>HST</span></p>`,
			"2024-11-18T16:46:00-10:00", ""},
		{"a time element and an abbr", `<h1>Budget passes</h1><p><time>March 3, 2025 10:15</time> <abbr title="Eastern Time">ET</abbr></p>`,
			"2025-03-03T10:15:00-05:00", ""},
		{"a time element's datetime without its zone", `<h1>Budget passes</h1><p><time datetime="2025-03-03T10:15">March 3, 2025 10:15</time> <abbr title="Eastern Time">ET</abbr></p>`,
			"2025-03-03T10:15:00-05:00", ""},
		{"a microdata date without its zone", `<h1>Budget passes</h1><p><span itemprop="datePublished">March 3, 2025 10:15</span> <abbr title="Eastern Time">ET</abbr></p>`,
			"2025-03-03T10:15:00-05:00", ""},
		{"in a span in the time element", `<h1>Budget passes</h1><p><time><span>March 3, 2025 10:15</span></time> <abbr>ET</abbr></p>`,
			"2025-03-03T10:15:00-05:00", ""},
		{"after a label", `<h1>Budget passes</h1><p>Published March 3, 2025 10:15 <abbr>ET</abbr></p>`,
			"2025-03-03T10:15:00-05:00", ""},
		{"after a label in its own element", `<h1>Budget passes</h1><p><span>Published</span> <span>March 3, 2025 10:15</span> <abbr>ET</abbr></p>`,
			"2025-03-03T10:15:00-05:00", ""},
		{"the update's", `<h1>Budget passes</h1><p>Published March 3, 2025 / Updated March 4, 2025 10:32 a.m. <abbr>ET</abbr></p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T10:32:00-05:00"},
		{"the line's text after the time", `<h1>Budget passes</h1><p><time>March 3, 2025 10:15</time> ET | By Ann Lee</p>`,
			"2025-03-03T10:15:00-05:00", ""},
		{"in brackets", `<h1>Budget passes</h1><p><span>Nov 18, 2024 4:46 PM</span> <small>(HST)</small></p>`,
			"2024-11-18T16:46:00-10:00", ""},
		{"german", `<h1>Radwege werden ausgebaut</h1><p class="meta"><span>13.08.2025, 10:15 Uhr</span> <span>MESZ</span></p>`,
			"2025-08-13T10:15:00+02:00", ""},
		{"not on another line", `<h1>Budget passes</h1><p><span>Nov 18, 2024 4:46 PM</span></p><p>HST</p>`,
			"2024-11-18T16:46:00Z", ""},
		{"not before more words", `<h1>Budget passes</h1><p><span>March 3, 2025 10:15</span> CT Governor signs the budget</p>`,
			"2025-03-03T10:15:00Z", ""},
		{"not after a date that names its own", `<h1>Budget passes</h1><p><span>Nov 18, 2024 4:46 PM EST</span> <span>HST</span></p>`,
			"2024-11-18T16:46:00-05:00", ""},
		{"not an unknown abbreviation", `<h1>Budget passes</h1><p><span>Nov 20, 2024 11:28 AM</span> <span>AMT</span></p>`,
			"2024-11-20T11:28:00Z", ""},
		{"not after a day without its time", `<h1>Budget passes</h1><p><span>Nov 18, 2024</span> <span>HST</span></p>`,
			"2024-11-18T00:00:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantBudgetDates(t, tt.top, tt.published, tt.modified) })
	}
}

// TestDateElementPrintingBoth: a <time> or microdata date element whose
// text prints the publication and a labelled update gives the
// publication from the first and the modification from the second; its
// datetime times the printed date of its day only.
func TestDateElementPrintingBoth(t *testing.T) {
	tests := []struct {
		name, top           string
		published, modified string // RFC 3339, "" for none
	}{
		{"a pubdate time, its datetime the update's", `<h1>Budget passes</h1><p><time pubdate datetime="2025-03-04T11:00:00Z">March 3, 2025 10:00 - Updated March 4, 2025 11:00</time></p>`,
			"2025-03-03T10:00:00Z", "2025-03-04T11:00:00Z"},
		{"a microdata publication, its datetime the update's", `<h1>Budget passes</h1><p><time itemprop="datePublished" datetime="2025-03-04T15:32:10Z">March 3, 2025 - Updated March 4, 2025</time></p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T15:32:10Z"},
		{"a microdata publication, its datetime the publication's", `<h1>Budget passes</h1><p><time itemprop="datePublished" datetime="2025-03-03T09:12:00-05:00">Published 3 March 2025, updated 4 March 2025 10:00</time></p>`,
			"2025-03-03T09:12:00-05:00", "2025-03-04T10:00:00-05:00"},
		{"a datetime of neither day", `<h1>Budget passes</h1><p><time itemprop="datePublished" datetime="2025-03-10T08:00:00Z">March 3, 2025 - Updated March 4, 2025</time></p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T00:00:00Z"},
		{"above the headline", `<div class="meta"><time datetime="2025-03-04T15:32:10Z">March 3, 2025 · Updated March 4, 2025</time></div><h1>Budget passes</h1>`,
			"2025-03-03T00:00:00Z", "2025-03-04T15:32:10Z"},
		{"the update in brackets", `<h1>Budget passes</h1><p><time>3 March 2025 (updated 4 March 2025 10:00)</time></p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T10:00:00Z"},
		{"labels both", `<h1>Budget passes</h1><p><time datetime="2025-03-04T10:00">Published 3 March 2025, updated 4 March 2025 10:00</time></p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T10:00:00Z"},
		{"an update alone", `<h1>Budget passes</h1><p>March 3, 2025</p><p><time datetime="2025-03-04T15:32:10Z">Updated March 4, 2025</time></p>`,
			"2025-03-03T00:00:00Z", "2025-03-04T15:32:10Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantBudgetDates(t, tt.top, tt.published, tt.modified) })
	}
}

// TestArchivedStoryDates: a digitised newspaper's story declares its own
// day, decades before the web (an archive's 1955 story was undated,
// every date before 1990 refused); the days an unset date field prints
// (the Unix epoch in any zone, spreadsheet and database defaults) are
// still no date.
func TestArchivedStoryDates(t *testing.T) {
	tests := []struct{ declared, want string }{
		{"1955-06-12T05:00:00Z", "1955-06-12T05:00:00Z"},
		{"1851-09-18", "1851-09-18T00:00:00Z"},
		{"1970-01-01T00:00:00Z", ""},
		{"1969-12-31T19:00:00-05:00", ""},
		{"1970-01-01T09:00:00+09:00", ""},
		{"1900-01-01T00:00:00Z", ""},
		{"1899-12-30", ""},
		{"1753-01-01T00:00:00Z", ""},
		{"0001-01-01T00:00:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.declared, func(t *testing.T) {
			page := `<html><head><title>Mill closes after 90 years</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="` + tt.declared + `"></head><body><article><h1>Mill closes after 90 years</h1>
<p>The cotton mill that employed half the town closed its gates on Saturday, ending ninety years of weaving on the river.</p>
<p>Workers gathered outside the gates at noon to hear the owners read a short statement thanking them for their years of service.</p>
</article></body></html>`
			a, err := Parse(Page{URL: "https://archive.example/stories/mill-closes", Body: []byte(page), ContentType: "text/html",
				FetchedAt: time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if got := formatOrEmpty(a.Published); got != tt.want {
				t.Errorf("published = %q, want %q", got, tt.want)
			}
		})
	}
}

package parse

// The words of printed dates rewritten into what dateLayouts read: month
// names of other languages, CJK years, months, days and times, Korean
// halves of the day, AM/PM and GMT offsets.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// foreignMonths maps month names of common page languages (French, German,
// Spanish, Italian, Portuguese, Dutch, Russian, Arabic, Hindi) to the
// English ones time.Parse reads. Hindi's are in their common spellings,
// फ़रवरी with its nukta both composed and not.
var foreignMonths = func() map[string]string {
	m := map[string]string{}
	for i, names := range []string{
		"janvier januar enero gennaio janeiro januari jänner января январь يناير जनवरी",
		"février fevrier februar febrero febbraio fevereiro februari февраля февраль فبراير फ़रवरी फ़रवरी फरवरी",
		"mars märz marz marzo março maart марта март مارس मार्च",
		"avril abril aprile апреля апрель أبريل ابريل إبريل अप्रैल अप्रेल",
		"mai mayo maggio maio mei мая май مايو मई",
		"juin juni junio giugno junho июня июнь يونيو يونيه जून",
		"juillet juli julio luglio julho июля июль يوليو يوليه जुलाई",
		"août aout agosto augustus августа август أغسطس اغسطس अगस्त",
		"septembre septiembre settembre setembro сентября сентябрь سبتمبر सितंबर सितम्बर",
		"octobre oktober octubre ottobre outubro октября октябрь أكتوبر اكتوبر अक्टूबर अक्तूबर",
		"novembre noviembre novembro ноября ноябрь نوفمبر नवंबर नवम्बर",
		"décembre decembre dezember diciembre dicembre dezembro декабря декабрь ديسمبر दिसंबर दिसम्बर",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = time.Month(i + 1).String()
		}
	}
	return m
}()

var (
	// reCJKDate is a date in years, months and days, with the day of the
	// week in brackets that may follow it ("2024年5月18日（土）", in
	// Korean "2024년 5월 18일(토)").
	reCJKDate = regexp.MustCompile(`(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일](?:\s*[（(][^）)]{1,4}[）)])?`)
	// reCJKTime is a time in hours and minutes ("16時15分", "下午4点15分",
	// "오후 4시 15분"), or in hours alone ("午後4時"), after the half of the
	// day it may name.
	reCJKTime = regexp.MustCompile(`(?:(午前|午後|上午|下午|오전|오후)\s*)?(\d{1,2})\s*(?:[時时](?:\s*(\d{1,2})\s*分)?|[点點]\s*(\d{1,2})\s*分|시(?:\s*(\d{1,2})\s*분)?)`)
	// reKoreanMeridiem is a Korean time of day after the half of the
	// day it names: "오후 3:15" is 3:15 PM.
	reKoreanMeridiem = regexp.MustCompile(`(오전|오후)\s*(\d{1,2}:\d{2})`)
	// reHourH is French's hour: "18h42", "18 h 42", "18H42".
	reHourH = regexp.MustCompile(`(?i)\b(\d{1,2})\s?h\s?(\d{2})\b`)
	// reHourAlone is an hour without minutes after a date, in French
	// ("à 18h") or German ("um 18 Uhr").
	reHourAlone = regexp.MustCompile(`(?i)(\d{4}\s+(?:à\s+|um\s+)?)([01]?\d|2[0-3])\s?(?:h|uhr)\b`)
	// reUhr is German's time of day: "14.30 Uhr", "14:30 Uhr".
	reUhr = regexp.MustCompile(`(?i)\b([01]?\d|2[0-3])[.:]([0-5]\d)\s*uhr\b`)
)

// asciiDigits turns Arabic-Indic, Devanagari and full-width digits into
// ASCII ones.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		case r >= '０' && r <= '９':
			return '0' + r - '０'
		case r >= '०' && r <= '९':
			return '0' + r - '०'
		}
		return r
	}, s)
}

// cjkDate rewrites "2024年5月18日" as "2024-05-18", with a space to part
// it from a time written right after it ("2024年5月18日(土)9時").
func cjkDate(m string) string {
	sub := reCJKDate.FindStringSubmatch(m)
	return fmt.Sprintf("%s-%02s-%02s ", sub[1], sub[2], sub[3])
}

// cjkTime rewrites "16時5分" as "16:05", "午後4時" and "오후 4시" as "16:00".
func cjkTime(m string) string {
	sub := reCJKTime.FindStringSubmatch(m)
	hour, _ := strconv.Atoi(sub[2])
	minute := sub[3] + sub[4] + sub[5]
	if minute == "" {
		minute = "0"
	}
	switch sub[1] {
	case "午後", "下午", "오후":
		if hour < 12 {
			hour += 12
		}
	case "午前", "上午", "오전":
		if hour == 12 {
			hour = 0
		}
	}
	return fmt.Sprintf("%d:%02s", hour, minute)
}

// koreanMeridiem rewrites "오후 3:15" as "15:15", "오전 12:05" as "0:05":
// after a day written in numbers ("2024-08-13 오후 3:15") no layout reads
// AM or PM.
func koreanMeridiem(m string) string {
	sub := reKoreanMeridiem.FindStringSubmatch(m)
	hour, minute, _ := strings.Cut(sub[2], ":")
	h, _ := strconv.Atoi(hour)
	switch {
	case sub[1] == "오후" && h < 12:
		h += 12
	case sub[1] == "오전" && h == 12:
		h = 0
	}
	return fmt.Sprintf("%d:%s", h, minute)
}

// englishMonths rewrites a date with a foreign month name ("25 mai 2024 à
// 08:00", "5. März 2024") into the English form, keeping only the tokens a
// layout reads: numbers, the month, AM/PM and zone abbreviations.
func englishMonths(s string) string {
	words := strings.Fields(s)
	found := false
	for i, w := range words {
		if m, ok := foreignMonths[strings.ToLower(strings.Trim(w, ".,"))]; ok {
			words[i], found = m, true
		}
	}
	if !found {
		return s
	}
	out := words[:0]
	for _, w := range words {
		w = strings.TrimRight(w, ".,")
		switch {
		case strings.ContainsAny(w, "0123456789"), w == "AM", w == "PM", zoneOffsets[w] != "":
			out = append(out, w)
		default:
			if _, err := time.Parse("January", w); err == nil {
				out = append(out, w)
			}
		}
	}
	return strings.Join(out, " ")
}

// meridiem rewrites "10am" or "10 p.m." as "10 AM" or "10 PM".
func meridiem(m string) string {
	sub := reMeridiem.FindStringSubmatch(m)
	return sub[1] + " " + strings.ToUpper(sub[2]) + "M" + sub[3]
}

// gmtOffset rewrites "GMT+2" or "UTC-05:30" as a numeric offset.
func gmtOffset(m string) string {
	sub := reGMTOffset.FindStringSubmatch(m)
	hours, minutes := sub[2], sub[3]
	if len(hours) == 1 {
		hours = "0" + hours
	}
	if minutes == "" {
		minutes = "00"
	}
	return sub[1] + hours + minutes
}

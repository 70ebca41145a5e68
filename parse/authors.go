package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	// The English prefix allows a few words before "by": "Words and
	// pictures by", "Reporting by".
	reBylinePrefix = regexp.MustCompile(`(?i)^(?:(?:[\p{L}&,]+\s+){0,3}?by|(?:\p{L}+\s+)?(?:von|par|por)|authors?|بقلم|كتب|كتبه|نوشته|نویسنده|מאת)\s*[:：]?\s+`)
	reLabel        = regexp.MustCompile(`^\p{L}{2,12}\s*[:：]\s*`)
	rePartBy       = regexp.MustCompile(`(?i)^(?:[\p{L}&,]+\s+){0,3}?by\s*:?\s+`)
	reEmail        = regexp.MustCompile(`\S+@\S+\.\w+`)
	reHandle       = regexp.MustCompile(`@\w+`)
	reURLish       = regexp.MustCompile(`(?i)(?:https?://|www\.)\S+`)
	reAuthorNoise  = regexp.MustCompile(`(?i)\b(?:e-?mail (?:the|this) (?:author|reporter)|follow\b|view (?:all )?(?:posts|articles|stories|profile)|more (?:articles|stories|posts) (?:by|from)|see all|contact\b|updated\b|published\b|posted\b|last modified\b).*$`)
	reAuthorDate   = regexp.MustCompile(`(?i)(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\b(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\b\d{1,2}:\d{2}\b).*$`)
	reAuthorPlace  = regexp.MustCompile(`\s+(?:in|from|for|at|on)\s+\p{Lu}.*$`)
	// reAuthorAside is a name's closing remark in brackets, ASCII or
	// full-width: "Jane Doe (Reuters)", "Ann Lee [AP]", "张三（新华社）".
	reAuthorAside = regexp.MustCompile(`\s*(?:\([^()]*\)|\[[^\[\]]*\]|（[^（）]*）|【[^【】]*】)$`)
	// reListComma parts the names of a list: a comma or a semicolon,
	// ASCII, full-width ("张三，李四") or ideographic ("张三、李四"), and a
	// slash.
	reListComma = regexp.MustCompile(`\s*[,;，；、،/／\n]\s*`)
	// reCJKLabel is a credit's label in a Chinese or Japanese byline,
	// before its first name or between names, which it separates as a
	// comma would: "作者：王小明", "记者 王小明", "文／张三 图／李四".
	// Labels side by side are one credit's: "文・写真 山田太郎" (text and
	// photos by).
	reCJKLabel  = regexp.MustCompile(`(?:^|[\s,;(，；（【「])(?:(?:` + cjkWriterLabels + `|` + cjkOtherLabels + `)` + cjkLabelEnd + `)+`)
	reListAnd   = regexp.MustCompile(`(?i)\s+(?:&|\+|and|und|et|y|e|و)\s+`)
	reBylineCut = regexp.MustCompile(`\s+[|·•—–／]\s+|\s+-\s+|\n`)
	// reWireDateline is the place and wire Korean agency copy opens its
	// byline with: "(서울=연합뉴스) 김철수 기자", "【서울=뉴시스】김철수 기자".
	reWireDateline = regexp.MustCompile(`^[(\[【]\s*[^()\[\]【】=]{1,30}=[^()\[\]【】=]{1,30}[)\]】]\s*`)
	// reAndBreak is a list cut by a line break after its "and": the second
	// name is in an element of its own.
	reAndBreak = regexp.MustCompile(`(?i)\s+(and|&)[ \t]*\n\s*`)
	// reOtherCredit is the label of a credit for a story's pictures or its
	// editing, which bylines print beside the writers': "Reporting by
	// Jane Doe; Editing by John Roe", "Fotos: Jörg Weiß", "文／张三 图／李四".
	// Its first group is the label.
	reOtherCredit = regexp.MustCompile(`(?i)(?:^|[\s;,.(，；。（【「])((?:photos?|photograph(?:s|y)?|pictures?|images?|fotos?|fotograf(?:ía|ia|ie)s?|edit(?:ed|ing)|video|graphics?|illustrations?)\s*(?:by\b|[:：])\s*|` +
		`(?:` + cjkOtherLabels + `)` + cjkLabelEnd + `)`)
	// reCreditEnd ends the names of a credit for pictures or editing: a
	// semicolon, or the next credit's label ("Foto: Bruno Díaz. Texto: Ana
	// López", "写真／佐藤 花子 文／山田 太郎").
	reCreditEnd = regexp.MustCompile(`(?i);|(?:^|[\s,.])(?:(?:\p{L}+\s+){0,2}?by\s|\p{L}{1,12}\s*[:：／＝=])`)
)

// cjkWriterLabels are the labels of the writers' credits in Chinese and
// Japanese bylines, cjkOtherLabels those of the credits for pictures and
// editing (see reOtherCredit), and cjkLabelEnd what follows a label: a
// colon, a slash, an equals sign, a Japanese middle dot ("文・山田太郎") or
// a space. cjkBylineLabels are those
// that open a byline's line (see reByStart): "著" (written by) before a
// name labels a book's author in its details ("著：村上春树"), not a
// story's.
const (
	cjkBylineLabels = `本报记者|本報記者|作者|记者|記者|撰文|执笔|通讯员|通訊員|文`
	cjkWriterLabels = cjkBylineLabels + `|著`
	cjkOtherLabels  = `责任编辑|責任編輯|编辑|編輯|編集|责编|責編|摄影|攝影|撮影|写真|寫真|图|圖`
	cjkLabelEnd     = `(?:\s*[:：／/＝=・･]\s*|\s+)`
)

// conjunctions join a credit for pictures to the writer's: "Words and
// pictures by Jane Doe" credits a writer.
var conjunctions = setOf(`and & + und et y e и و`)

// withoutOtherCredits is seg without its credits for pictures and editing
// (see reOtherCredit): each runs from its label to a semicolon, the next
// label (see reCreditEnd) or the end. The photographer and the editor are
// not the story's authors.
func withoutOtherCredits(seg string) string {
	var b strings.Builder
	for rest := seg; ; {
		m := reOtherCredit.FindStringSubmatchIndex(rest)
		if m == nil {
			b.WriteString(rest)
			return b.String()
		}
		if before := strings.Fields(rest[:m[2]]); len(before) > 0 && conjunctions[strings.ToLower(before[len(before)-1])] {
			b.WriteString(rest[:m[3]]) // "Text and photos by Jane Doe"
			rest = rest[m[3]:]
			continue
		}
		b.WriteString(rest[:m[2]])
		rest = rest[m[3]:]
		end := creditEnd(rest)
		if end < 0 {
			return b.String()
		}
		rest = rest[end:]
	}
}

// creditEnd is where the names of a credit for pictures or editing end in
// rest (see reCreditEnd), or at the next Chinese or Japanese label, which
// may be followed by a space alone ("图 李四 文 张三"); -1 when they run to
// the end.
func creditEnd(rest string) int {
	end := -1
	for _, re := range []*regexp.Regexp{reCreditEnd, reCJKLabel} {
		if loc := re.FindStringIndex(rest); loc != nil && (end < 0 || loc[0] < end) {
			end = loc[0]
		}
	}
	return end
}

// roleWords are the words of job titles that bylines append to names.
var roleWords = setOf(`staff writer writers senior correspondent correspondents reporter
	reporters editor editors contributor contributing columnist chief political politics
	business science technology tech health foreign international associate deputy
	managing special news national economics sports culture investigative freelance
	journalist analyst photographer photographers photo photos video producer bureau
	desk the of our lead global data digital opinion features feature head affairs
	climate environment guest author authors`)

// coreRoles end a job title; a trailing run of role words is stripped from a
// name only when it ends with one of these.
var coreRoles = setOf(`writer writers correspondent correspondents reporter reporters editor
	editors contributor columnist journalist analyst photographer producer chief staff author
	authors`)

// socialWords are the labels of share and follow links that bylines run
// into the name: "Jane Doe Twitter Facebook".
var socialWords = setOf(`twitter facebook instagram linkedin youtube tiktok whatsapp
	email e-mail rss mastodon threads bluesky`)

// orgWords mark a name as an organisation (a wire, a newsroom, a desk).
var orgWords = setOf(`press news agency newsroom staff media reuters associated editorial
	desk team inc ltd llc times post journal herald tribune gazette daily magazine
	online digital wire service services network group company corp bbc cnn afp ap
	dpa upi efe ansa xinhua kyodo yonhap newsis bloomberg pa redaction rédaction redaktion
	newsdesk pti ians ani com leader chronicle courier examiner telegraph observer weekly wires
	bureau insider today tv radio channel report reports
	redacción redaccion redação redacao redacció redazione redactie redakcja redakce
	redaksi toimitus редакция редакція 編集部 编辑部 편집부 agencia agência agence
	department departamento office oficina ministry ministério ministerio secretaria secretaría
	coordenadoria coordenação coordenacao assessoria ascom prefeitura imprensa prensa pressestelle`)

// notNames are bylines that name nobody.
var notNames = setOf(`admin administrator editor staff guest anonymous unknown share
	comments comment menu home subscribe login by von par por de the and as
	january february march april may june july august september october november
	december monday tuesday wednesday thursday friday saturday sunday today
	yesterday 记者 記者 作者 编辑 編輯 編集 责编 責編 摄影 攝影 撮影 撰文 写真 기자 편집 사진`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[strings.Trim(w, ",")] = true
	}
	return m
}

// reNameThenSentence matches a full name followed, after a full stop, by
// what the byline adds (the outlet, a role): "Jane Doe. Sputnik
// International". Initials ("J. R. Doe") are no full stop.
var reNameThenSentence = regexp.MustCompile(`^(\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)+)\. \p{Lu}`)

// reInverted matches one name written surname first, as catalogues and
// citation_author write it: "Smith, John", "García Márquez, Gabriel",
// "Doe, J. R.". The surname is one word (hyphenated or not), the given
// names at most three, initials included, so "Jane Doe, John Roe" stays a
// list.
var reInverted = regexp.MustCompile(`^\s*(\p{Lu}[\p{L}'’-]+),\s*(\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,2})\s*$`)

// uninverted turns "Smith, John" into "John Smith"; anything else, an
// organisation and a dateline ("Reuters, Washington") among them, is
// returned as it is.
func uninverted(raw string) string {
	m := reInverted.FindStringSubmatch(raw)
	if m == nil || isOrgName(m[1]) || isOrgName(m[2]) || endsInRole(m[2]) || m[2] == strings.ToUpper(m[2]) && !strings.Contains(m[2], ".") {
		return raw // "Smith, AP": a wire's initials, not given names
	}
	return m[2] + " " + m[1]
}

// authorNames splits a raw byline or author string into clean names: the
// writers', without the credits for pictures and editing.
func authorNames(raw string) []string {
	return creditNames(raw, false)
}

// creditNames is authorNames, with the names of the credits for pictures
// and editing when all is set.
func creditNames(raw string, all bool) []string {
	raw = uninverted(raw)
	var out []string
	for _, seg := range bylineSegments(raw) {
		if strings.ContainsAny(seg, hanSentenceMarks) {
			// "本报记者：新线路开通后，票价会调整吗？": a question, whose
			// commas part no names.
			continue
		}
		if !all {
			seg = withoutOtherCredits(seg)
		}
		seg = reBylinePrefix.ReplaceAllString(seg, "")
		seg = reCJKLabel.ReplaceAllString(seg, "、")
		seg = reWireDateline.ReplaceAllString(seg, "")
		if strings.Contains(seg, "/") {
			// Cut "11/20/2019" before the list is split at slashes.
			seg = stripDate(seg)
		}
		chunks := reListComma.Split(seg, -1)
		for j, chunk := range chunks {
			// After a comma, a chunk ending in a job title is the title of
			// the name before it ("Daniel Okafor, City Hall Reporter"), and
			// a chunk after a wire's name is a dateline ("Reuters,
			// Washington").
			if j > 0 && (endsInRole(chunk) || isOrgName(squashSpace(chunks[j-1]))) {
				continue
			}
			for _, part := range reListAnd.Split(chunk, -1) {
				for _, p := range joinedNames(part) {
					if name := cleanName(p); name != "" {
						out = append(out, name)
					}
				}
			}
		}
	}
	return dropLoneWords(dedupeFold(out))
}

// dropLoneWords drops one-word names, in scripts that separate words, from
// a list that also has full names: in "Tim Childers, Space, Shares" the
// single words are labels and buttons, not people.
func dropLoneWords(names []string) []string {
	full := false
	for _, n := range names {
		full = full || strings.Contains(n, " ")
	}
	if !full {
		return names
	}
	out := names[:0]
	for _, n := range names {
		first, _ := utf8.DecodeRuneInString(n)
		if strings.Contains(n, " ") || !unicode.Is(unicode.Latin, first) {
			out = append(out, n)
		}
	}
	return out
}

// bylineSegments cuts a byline at separators such as " | " and " · ".
// When some segment starts with "By", only those segments name authors:
// "By Jane Doe | Reuters" credits Jane Doe, not the wire. The credits for
// pictures and editing stay beside them, to be shown; alone, they are no
// "By" segment: "Jane Doe | Photos by John Roe" credits Jane Doe.
func bylineSegments(raw string) []string {
	if strings.Contains(raw, "@") {
		raw = reEmail.ReplaceAllString(raw, " ")
	}
	if strings.Contains(raw, "http") || strings.Contains(raw, "www.") {
		raw = reURLish.ReplaceAllString(raw, " ")
	}
	if strings.Contains(raw, "\n") {
		raw = reAndBreak.ReplaceAllString(raw, " $1 ")
	}
	var segs, by []string
	named := false
	for _, s := range reBylineCut.Split(raw, -1) {
		s = unbracketed(squashSpace(s)) // "(By Jane Doe)", "（文／张三）"
		if s == "" {
			continue
		}
		segs = append(segs, s)
		switch {
		case strings.TrimSpace(withoutOtherCredits(s)) == "":
			by = append(by, s)
		case reBylinePrefix.MatchString(s) || cjkLabelled(s):
			by, named = append(by, s), true
		}
	}
	if named {
		return by
	}
	return segs
}

// cjkLabelled says whether s starts with a Chinese or Japanese credit's
// label, as "By" starts an English one.
func cjkLabelled(s string) bool {
	loc := reCJKLabel.FindStringIndex(s)
	return loc != nil && loc[0] == 0
}

// cleanName strips handles, dates, places and job titles from one name, and
// returns "" when what is left does not look like a name.
func cleanName(s string) string {
	s = stripBylineNoise(s)
	// A later part may have its own credit: "...; Editing by Mark Potter".
	s = rePartBy.ReplaceAllString(strings.TrimSpace(s), "")
	s = reLabel.ReplaceAllString(s, "") // "Text: Jane Doe", "Autor: Jane Doe"
	s = reAuthorPlace.ReplaceAllString(s, "")
	if aside := reAuthorAside.ReplaceAllString(s, ""); strings.TrimSpace(aside) != "" {
		s = aside
	}
	s = strings.Trim(squashSpace(s), nameTrim)
	if m := reNameThenSentence.FindStringSubmatch(s); m != nil {
		s = m[1] // "Finian Cunningham. Sputnik International"
	}
	s = stripRole(shoutedPrefix(stripSocial(s)))
	if !plausibleName(s) && !(isOrgName(s) && len(s) < 60) || accountCode(s) {
		return ""
	}
	return unshout(s)
}

// consonantRunRx is five letters of the Latin alphabet in a row with no
// vowel among them, that no name is spelt with.
var consonantRunRx = regexp.MustCompile(`[B-DF-HJ-NP-TV-XZ]{5}`)

// accountCode is true for one word in capitals that no one could say
// ("KWCHCIK"): a newsroom's login or call letters with a code, which a
// CMS writes as the author, not a person's or an outlet's name.
func accountCode(s string) bool {
	return !strings.Contains(s, " ") && s == strings.ToUpper(s) && consonantRunRx.MatchString(s)
}

// nameTrim is the punctuation around a name, ASCII or full-width: a
// credit in brackets ("（文／张三）", "【记者 李四】") leaves them on its
// first and last names.
const nameTrim = " .,:;-–—|·•()[]\"'“”（）【】「」"

// stripSocial removes the labels of share links after a name, and a
// conjunction left dangling by a name in a separate element ("Jane Doe &").
func stripSocial(s string) string {
	words := strings.Fields(s)
	n := len(words)
	for n > 1 && (socialWords[strings.ToLower(words[n-1])] || reListAnd.MatchString(" "+words[n-1]+" ")) {
		n--
	}
	if n == len(words) {
		return s
	}
	return strings.Join(words[:n], " ")
}

// shoutedPrefix keeps the name of a wire byline that prints it in capitals
// before the outlet or title in normal case: "TOM KRISHER AP Auto Writer"
// and "JANE DOE The Associated Press" name Tom Krisher and Jane Doe. The
// wire's own initials ("AP") are left out with the rest.
func shoutedPrefix(s string) string {
	words := strings.Fields(s)
	n, full := 0, 0
	for n < len(words) && shouted(words[n]) {
		if utf8.RuneCountInString(strings.Trim(words[n], ".")) >= 2 {
			full++ // not an initial
		}
		n++
	}
	if full < 2 || n == len(words) {
		return s // "J. R. Doe": initials are capitals too
	}
	for n > 0 && orgWords[strings.ToLower(words[n-1])] {
		n--
	}
	name := strings.Join(words[:n], " ")
	if n < 2 || isOrgName(name) {
		return s // "USA TODAY Network", "UPI WASHINGTON Bureau": outlets
	}
	return name
}

// shouted says whether a word is written in capitals.
func shouted(w string) bool {
	return strings.ToUpper(w) == w && strings.ToLower(w) != w
}

// unshout turns a name printed in capitals ("JANE DOE") into "Jane Doe".
// Names in mixed case are left as written ("Ruth McAllister").
func unshout(s string) string {
	if strings.ToUpper(s) != s || strings.ToLower(s) == s {
		return s
	}
	if !strings.Contains(s, " ") && len(s) <= 5 {
		return s // an acronym: PTI, IANS, AFP
	}
	rs := []rune(strings.ToLower(s))
	for i, r := range rs {
		if i == 0 || strings.ContainsRune(" -'’", rs[i-1]) {
			rs[i] = unicode.ToUpper(r)
		}
	}
	return string(rs)
}

// stripBylineNoise cuts handles, and from a date or a "Follow"-like
// phrase to the end. The cheap checks skip regexps on plain names.
func stripBylineNoise(s string) string {
	if strings.Contains(s, "@") {
		s = reHandle.ReplaceAllString(s, " ")
	}
	s = reAuthorNoise.ReplaceAllString(s, "")
	if strings.ContainsAny(s, "0123456789") || strings.Contains(strings.ToLower(s), "day") {
		s = stripDate(s)
	}
	return s
}

// stripDate cuts from a date to the end, with the word that introduced it.
func stripDate(s string) string {
	cut := reAuthorDate.ReplaceAllString(s, "")
	if cut == s {
		return s
	}
	// "By Jane Doe on 11/20/2019" leaves "Jane Doe on", which is no name;
	// only after a date, since "Le" ends names too.
	return reDanglingWord.ReplaceAllString(strings.TrimRight(cut, " ,;:"), "")
}

// stripRole removes a trailing job title ("Jane Doe Staff Writer") and
// returns "" for a segment that is only a title ("Senior Correspondent").
func stripRole(s string) string {
	s = stripCJKRole(s)
	words := strings.Fields(s)
	if len(words) == 0 {
		return ""
	}
	last := strings.ToLower(words[len(words)-1])
	if !coreRoles[last] {
		if allRoleWords(words) {
			return ""
		}
		return s
	}
	i := len(words)
	for i > 0 && roleWords[strings.ToLower(words[i-1])] {
		i--
	}
	switch {
	case i == 0:
		return ""
	case last == "staff":
		// "HNN Staff" credits a newsroom, not a person called HNN: cut to
		// "HNN" it would read as a name and hide that nobody is credited.
		return s
	case i == 1 && len(words) == 2:
		// "Jane Reporter": one given name and one title-like word is more
		// likely a surname (Reporter, Writer, Chief) than a job title.
		return s
	}
	return strings.Join(words[:i], " ")
}

func endsInRole(s string) bool {
	words := strings.Fields(s)
	return len(words) > 0 && coreRoles[strings.ToLower(strings.TrimRight(words[len(words)-1], "."))]
}

func allRoleWords(words []string) bool {
	for _, w := range words {
		if !roleWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// choosePeople prefers people to organisations: an organisation is listed
// only when no person is named.
func choosePeople(ps []person, known ...string) []string {
	var people, orgs []string
	for _, p := range ps {
		if p.Org || isOrgName(p.Name, known...) {
			orgs = append(orgs, p.Name)
		} else {
			people = append(people, p.Name)
		}
	}
	if len(people) > 0 {
		return dedupeFold(people)
	}
	return dedupeFold(orgs)
}

// dedupeFold drops empty strings and case-insensitive repeats, keeping the
// first spelling.
func dedupeFold(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		k := strings.ToLower(s)
		if s == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// splitList splits a comma-separated list (keywords, tags), trimming and
// dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '،' || r == '、' || r == '，' }) {
		if p = squashSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// columnCredit is the name of a column or newsletter that a page's author
// tags credit ("The Water Coolest"), or "". Names that start with an
// article are refused elsewhere, as bylines cut from sentences start so
// ("The Russian and Syrian defense ministries"); one is taken only when
// several author tags declare it whole, and every word after "The"
// starts with a capital: a name a CMS's author field holds.
func columnCredit(declared, known []string) string {
	count := map[string]int{}
	for _, d := range declared {
		count[squashSpace(d)]++
	}
	for _, d := range declared {
		d = squashSpace(d)
		rest, ok := strings.CutPrefix(d, "The ")
		words := strings.Fields(rest)
		if ok && count[d] >= 2 && len(words) >= 1 && len(words) <= 4 && plausibleName(rest) &&
			everyWordCapitalised(words) && !isOrgName(d, known...) {
			return d
		}
	}
	return ""
}

// everyWordCapitalised is true when each word starts with a capital, with
// no particle or joining word between them.
func everyWordCapitalised(words []string) bool {
	for _, w := range words {
		if first, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(first) {
			return false
		}
	}
	return true
}

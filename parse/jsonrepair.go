package parse

import (
	"strings"
)

// cleanLDScript removes the HTML comment and CDATA wrappers that old
// templates put around script contents, and a trailing semicolon.
func cleanLDScript(s string) string {
	s = strings.TrimSpace(s)
	for _, w := range []string{"<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["} {
		s = strings.TrimSpace(strings.TrimPrefix(s, w))
	}
	for _, w := range []string{"-->", "//]]>", "/*]]>*/", "]]>", ";"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, w))
	}
	return s
}

// repairJSON mends the mistakes hand-written templates make most: raw line
// breaks inside strings, trailing commas, and // or /* */ comments.
func repairJSON(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	inString, escaped := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			case c < 0x20:
				c = ' '
			}
		case c == '"':
			inString = true
		case c == '/' && i+1 < len(s) && (s[i+1] == '/' || s[i+1] == '*'):
			i = skipComment(s, i)
			continue
		case c == ',' && closesNext(s[i+1:]):
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// skipComment returns the index of the last byte of the comment at s[i:].
func skipComment(s string, i int) int {
	end := "\n"
	if s[i+1] == '*' {
		end = "*/"
	}
	j := strings.Index(s[i+2:], end)
	if j < 0 {
		return len(s) - 1
	}
	return i + 2 + j + len(end) - 1
}

// closesNext says whether the next non-space byte closes an object or array.
func closesNext(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n")
	return t != "" && (t[0] == '}' || t[0] == ']')
}

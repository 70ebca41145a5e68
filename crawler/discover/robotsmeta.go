package discover

import "strings"

// A page may ask crawlers not to follow its links, in a robots <meta>
// ("<meta name="robots" content="noindex, nofollow">") or an X-Robots-Tag
// header, for all crawlers or one by name ("X-Robots-Tag: googlebot:
// nofollow"). A polite crawler obeys nofollow as it obeys robots.txt.
// Other directives (noindex, noarchive, max-snippet ...) are about search
// engines' indexes and caches, which an archive is not.

// metaRobotsName is the <meta name> whose directives every crawler obeys.
const metaRobotsName = "robots"

// noFollowDirectives reports whether a comma-separated list of robots
// directives asks that the page's links not be followed: "nofollow", or
// "none" (noindex and nofollow).
func noFollowDirectives(list string) bool {
	for d := range strings.SplitSeq(list, ",") {
		switch strings.ToLower(strings.TrimSpace(d)) {
		case "nofollow", "none":
			return true
		}
	}
	return false
}

// valueDirectives are the robots directives written with a value after a
// colon, which a crawler's name before a colon is told apart from.
var valueDirectives = map[string]bool{
	"unavailable_after": true, "max-snippet": true, "max-image-preview": true, "max-video-preview": true,
}

// HeaderNoFollow reports whether a response's X-Robots-Tag values ask the
// crawler whose robots.txt name is token (see ProductToken) not to follow
// the page's links: directives for every crawler, or for token by name;
// those another crawler is named for are not its.
func HeaderNoFollow(values []string, token string) bool {
	for _, v := range values {
		if name, rest, ok := strings.Cut(v, ":"); ok {
			name = strings.ToLower(strings.TrimSpace(name))
			if !valueDirectives[name] && !strings.ContainsAny(name, ", ") {
				if name != strings.ToLower(token) {
					continue // another crawler's
				}
				v = rest
			}
		}
		if noFollowDirectives(v) {
			return true
		}
	}
	return false
}

package parse

import (
	"strings"
	"time"
)

// countryZones name the time zone of countries that keep one, by their
// top-level domain: a news site under .co.uk or .de prints its times in
// its country's time, summer time included. Countries of several zones
// (.us, .ca, .au, .br, .ru...) have none, nor the country domains used as
// generic ones (.co, .io, .me, .tv, .fm, .ly, .ai).
var countryZones = map[string]string{
	"uk": "Europe/London", "ie": "Europe/Dublin", "de": "Europe/Berlin", "at": "Europe/Vienna",
	"ch": "Europe/Zurich", "fr": "Europe/Paris", "be": "Europe/Brussels", "nl": "Europe/Amsterdam",
	"lu": "Europe/Luxembourg", "es": "Europe/Madrid", "it": "Europe/Rome", "pt": "Europe/Lisbon",
	"pl": "Europe/Warsaw", "cz": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest",
	"se": "Europe/Stockholm", "no": "Europe/Oslo", "dk": "Europe/Copenhagen", "fi": "Europe/Helsinki",
	"gr": "Europe/Athens", "ro": "Europe/Bucharest", "bg": "Europe/Sofia", "hr": "Europe/Zagreb",
	"si": "Europe/Ljubljana", "rs": "Europe/Belgrade", "ua": "Europe/Kyiv", "tr": "Europe/Istanbul",
	"il": "Asia/Jerusalem", "eg": "Africa/Cairo", "za": "Africa/Johannesburg", "ng": "Africa/Lagos",
	"ke": "Africa/Nairobi", "in": "Asia/Kolkata", "pk": "Asia/Karachi", "bd": "Asia/Dhaka",
	"lk": "Asia/Colombo", "np": "Asia/Kathmandu", "sg": "Asia/Singapore", "my": "Asia/Kuala_Lumpur",
	"ph": "Asia/Manila", "th": "Asia/Bangkok", "vn": "Asia/Ho_Chi_Minh", "hk": "Asia/Hong_Kong",
	"tw": "Asia/Taipei", "cn": "Asia/Shanghai", "jp": "Asia/Tokyo", "kr": "Asia/Seoul",
	"nz": "Pacific/Auckland", "ae": "Asia/Dubai", "sa": "Asia/Riyadh", "qa": "Asia/Qatar",
	"ir": "Asia/Tehran", "ar": "America/Argentina/Buenos_Aires", "pe": "America/Lima",
	"ve": "America/Caracas", "uy": "America/Montevideo",
}

// hostZone is the time zone of the country whose domain host is under,
// nil for none.
func hostZone(host string) *time.Location {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	tld := host[strings.LastIndexByte(host, '.')+1:]
	name, ok := countryZones[tld]
	if !ok || tld == host {
		return nil
	}
	// Asked once a page, only when a date names no zone: not cached.
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil // a system without the zone database (the binary embeds it)
	}
	return loc
}

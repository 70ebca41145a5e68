package parse

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// signupBoxLen is the most text a sign-up box holds: a heading, a line
// of pitch, the form's labels.
const signupBoxLen = 400

// removeSignupBoxes drops each form that asks for an email address (a
// newsletter's sign-up, placed within the story) with the box around it:
// its heading and pitch go with it, where the cleaning after readability,
// which drops the form, left the heading ("Get the morning briefing")
// standing in the text. The box is the largest block around the form
// whose text stays short.
func removeSignupBoxes(doc *html.Node) {
	var boxes []*html.Node
	forEachElement(doc, func(el *html.Node) {
		if el.DataAtom == atom.Form && asksForEmail(el) {
			boxes = append(boxes, signupBox(el))
		}
	})
	for _, box := range boxes {
		if box.Parent != nil {
			box.Parent.RemoveChild(box)
		}
	}
}

// asksForEmail is true for a form with an email field.
func asksForEmail(form *html.Node) bool {
	return findElement(form, func(el *html.Node) bool {
		if el.DataAtom != atom.Input {
			return false
		}
		return strings.EqualFold(attrVal(el, "type"), "email") ||
			strings.Contains(strings.ToLower(attrVal(el, "name")+" "+attrVal(el, "placeholder")), "email")
	}) != nil
}

// signupBox is the largest block around form whose text is short.
func signupBox(form *html.Node) *html.Node {
	box := form
	for p := box.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		switch p.DataAtom {
		case atom.Body, atom.Main, atom.Article, atom.Html:
			return box
		}
		if longerThan(p, signupBoxLen) {
			return box
		}
		box = p
	}
	return box
}

// appealLinkRx is the text of a link that asks readers for money.
var appealLinkRx = regexp.MustCompile(`(?i)^(donate|donate (now|today|here)|give (now|today)|support (us|our (work|journalism|newsroom))|` +
	`become a (member|supporter|donor)|contribute( now| today)?|make a (donation|contribution))[.!→›»>\s]*$`)

// appealRx is what a site says of itself when it asks for money: its
// journalism, its newsroom, that readers keep it going.
var appealRx = regexp.MustCompile(`(?i)\b(journalism|our (work|reporting|newsroom|mission)|non-?profit|reader[- ]supported|` +
	`reader[- ]funded|independent news|keep (our|this|it) .{0,40}free|support us)\b`)

// appealLen is the most text a donation appeal holds.
const appealLen = 350

// isDonationAppeal is true for a short block that pitches for the
// site's funding with a link to give ("Support local journalism. ...
// Donate now"): the site's, in every story, not the story's. A story's
// own line on a fundraiser names no journalism of the site's.
func isDonationAppeal(el *html.Node, t string) bool {
	if len(t) > appealLen || !appealRx.MatchString(t) {
		return false
	}
	return findElement(el, func(a *html.Node) bool {
		return a.DataAtom == atom.A && appealLinkRx.MatchString(strings.TrimSpace(textContent(a)))
	}) != nil
}

// offerLen is the most text an offer of the site's subscription holds.
const offerLen = 450

// offerStartRx opens an offer: it tells the reader to take it.
var offerStartRx = regexp.MustCompile(`(?i)^(get|subscribe|try|unlock|join|become)\b`)

// priceRx is an amount in a currency ("£11.99", "$5", "Rs 599").
var priceRx = regexp.MustCompile(`(?i)(£|\$|€|₹|\brs\.?|\binr|\busd|\beur|\bgbp)\s?\d`)

// offerTermsRx is what only a seller of the site's issues or
// subscription writes: so many issues, a code to use, copies delivered
// to the reader's door. A story's prices ("subscribers pay $8.99 a
// month") and a deal's ("get it for $29.99") say none of it.
var offerTermsRx = regexp.MustCompile(`(?i)\b(\d+ (issues|editions)|issues for|use the (promo )?code|promo code|` +
	`delivered (to|through) your (door|letterbox|mailbox)|subscriptions? (service|offer|plan))\b`)

// isSubscriptionOffer is true for a paragraph or a link that sells the
// site's print issues or subscription at the end of a story ("Get ...
// delivered through your letterbox every month. 12 issues for £11.99."):
// it opens with the offer, names its price and its terms.
func isSubscriptionOffer(el *html.Node, s textStats) bool {
	if (el.DataAtom != atom.P && el.DataAtom != atom.A) || s.text == 0 || s.text > offerLen {
		return false
	}
	t := squashSpace(textContent(el))
	return offerStartRx.MatchString(t) && priceRx.MatchString(t) && offerTermsRx.MatchString(t)
}

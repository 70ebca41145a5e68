package parse

import (
	"strings"
	"unicode"

	"golang.org/x/text/language"
)

// functionWords are the commonest words of languages written in the Latin
// script: articles, conjunctions, prepositions, pronouns. Running text in
// one of them uses them in every sentence, whatever its subject.
var functionWords = map[string]map[string]bool{
	"en": setOf("the and of to a in is that for it on with as was are be at this have by from his her they you"),
	"de": setOf("der die und das ist nicht mit zu den von sich ein eine auf für dem im auch es wird sie bei wie nach"),
	"fr": setOf("le la les et des est une un du que dans pour qui pas sur au avec ce il elle ont sont par plus"),
	"es": setOf("el la los las y de que en un una por con para es del se no al su como más pero sus fue"),
	"it": setOf("il la di che e un una per non del della sono con si al gli le nel è da anche alla dei ha"),
	"pt": setOf("o a os as e de que em um uma para com não do da dos no na por se mais foi ao das"),
	"nl": setOf("de het een en van is dat niet op te met voor zijn die in aan er ook als maar bij om werd"),
	"sv": setOf("och att det som en på är av för med till den har de inte om ett var vid från"),
	"da": setOf("og at det som en på er af for med til den har de ikke om et var ved fra"),
	"no": setOf("og at det som en på er av for med til den har de ikke om et var ved fra"),
	"pl": setOf("i w na z się nie do to że jest o jak po a od przez dla tak jego"),
	"id": setOf("yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena ada oleh"),
}

// Shares of a text's words that decide against a declared language: a
// text that gives the declared language's function words less than
// foreignShare of its words, and another language's at least nativeShare,
// is in that other language. Running text gives its own language's list
// a fifth to a third of its words.
const (
	foreignShare = 0.03
	nativeShare  = 0.15
)

// belied returns the language text is written in when its words belie
// the declared one, both written in the Latin script: the declared
// language's function words almost absent, a confident guess's common.
// Else "". A text of names and numbers (sports results) has few of either
// and leaves the declaration standing. The guess is made only for a text
// that lacks the declared language's words, which running text never
// does.
func belied(declared language.Tag, text string) string {
	base, _ := declared.Base()
	own := functionWords[base.String()]
	if own == nil || wordShare(own, text) >= foreignShare {
		return ""
	}
	detected, confidence := guessLanguage(text)
	return confirmed(base.String(), detected, confidence, text)
}

// confirmed returns detected, a guess made with confidence for a text
// declared in the language declared, when the text's words agree with
// the guess; else "".
func confirmed(declared, detected string, confidence float64, text string) string {
	other := functionWords[detected]
	if other == nil || detected == declared || confidence < overrideConfidence || wordShare(other, text) < nativeShare {
		return ""
	}
	return detected
}

// wordShare is the share of the words of text's sample that are in
// words; 1 for a sample too short to tell.
func wordShare(words map[string]bool, text string) float64 {
	n, hits := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(sample(text)), notWordRune) {
		n++
		if words[w] {
			hits++
		}
	}
	if n < minDetectRunes/4 {
		return 1
	}
	return float64(hits) / float64(n)
}

// notWordRune splits text into words.
func notWordRune(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }

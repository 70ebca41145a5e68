package parse

import (
	"strings"
)

// joinedNames splits a part of a byline that lists names without a
// separator the list regexps see: Arabic writes "and" joined to the next
// name ("محمد علي وأحمد حسن").
func joinedNames(part string) []string {
	if strings.ContainsRune(part, 'و') {
		return arabicJoinedAnd(part)
	}
	return []string{part}
}

// arabicJoinedAnd splits "محمد علي وأحمد حسن" into its two names. Many
// given names start with و themselves (وليد, وائل, وفاء), so a word is
// read as و and a name only when what follows the و is a common given
// name, the word is not itself a name, and the names on both sides have a
// family name: "محمد وليد" and "مراد وهبة" stay whole.
func arabicJoinedAnd(part string) []string {
	words := strings.Fields(part)
	for i := 2; i <= len(words)-2; i++ {
		rest, ok := strings.CutPrefix(words[i], "و")
		if !ok || wInitialNames[arabicKey(words[i])] || !arabicGivenName(rest) {
			continue
		}
		right := append([]string{rest}, words[i+1:]...)
		return append([]string{strings.Join(words[:i], " ")}, arabicJoinedAnd(strings.Join(right, " "))...)
	}
	return []string{part}
}

// arabicGivenName says whether w is a common Arabic given name, starts a
// compound one ("عبد الله", "عبدالرحمن"), or is a name starting with و
// (then the word was "ووليد", "and Walid").
func arabicGivenName(w string) bool {
	k := arabicKey(w)
	return arabicGivenNames[k] || wInitialNames[k] || strings.HasPrefix(k, "عبد")
}

// arabicKey folds the spellings Arabic names are written in: hamza on
// alif or not (أحمد, احمد), final ta marbuta or ha (فاطمة, فاطمه), alif
// maqsura or ya (مصطفى, مصطفي).
func arabicKey(w string) string {
	return arabicFold.Replace(w)
}

var arabicFold = strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا", "ة", "ه", "ى", "ي")

// arabicGivenNames are common Arabic given names, folded by arabicKey.
var arabicGivenNames = foldedSet(`محمد أحمد محمود مصطفى علي حسن حسين عمر عثمان خالد إبراهيم
	يوسف سعيد سعد طارق كريم رامي سامي سمير هشام هاني ماجد مازن نبيل جمال كمال فيصل فهد
	ناصر منصور عادل عماد أسامة أيمن باسم بلال إلياس زياد رضا صالح صلاح عصام فادي فراس
	مجدي مراد نادر ياسر يحيى حمزة حمد راشد سلمان سليمان شريف عامر عمرو غسان قاسم مهدي
	موسى عيسى نزار هيثم حازم حسام إسماعيل أنس أمين جعفر ربيع رائد تامر شادي محسن جورج
	فاطمة مريم سارة نور ليلى هدى منى أمل إيمان رنا رشا سلمى ريم دينا هالة هبة نادية
	سميرة زينب عائشة خديجة لينا لمى رانيا سعاد نجلاء آمنة أسماء شيماء دعاء آية ياسمين
	مها جميلة حنان سناء`)

// wInitialNames are given and family names that start with و, whose rest
// may read as another name: وهبة is a family name, not "and Heba".
var wInitialNames = foldedSet(`وليد وائل وفاء وسام وديع وجدي وئام ولاء وهبة وهبي وصفي
	وحيد وسيم وداد وجيه وعد وفيق وهيب وصال وجدان وردة`)

func foldedSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[arabicKey(w)] = true
	}
	return m
}

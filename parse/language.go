package parse

// detectLanguage picks the page language. STUB: to be replaced.
func detectLanguage(declared, contentLanguage, text string) string { return declared }

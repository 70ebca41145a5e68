package parse

// checkArticle decides whether the page is an article. STUB: to be replaced.
func checkArticle(meta metadata, content body) error { return nil }

package main

import "context"

// runScrape: STUB, to be replaced by the scrape command.
func runScrape(ctx context.Context, e env, args []string) error {
	return usageErrorf("scrape: not implemented yet")
}

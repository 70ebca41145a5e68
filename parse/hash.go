package parse

import (
	"crypto/sha256"
	"encoding/hex"

	"golang.org/x/text/unicode/norm"
)

// ContentHash is the hex SHA-256 of text after Unicode NFC normalisation and
// whitespace collapsing, so the same article reached through different URLs
// or page chrome hashes the same.
func ContentHash(text string) string {
	normal := norm.NFC.String(text)
	sum := sha256.Sum256(appendSquashed(make([]byte, 0, len(normal)), normal))
	return hex.EncodeToString(sum[:])
}

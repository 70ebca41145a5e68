//go:build !race

package parse

// raceSlowdown scales time limits of tests: the race detector makes code
// several times slower.
const raceSlowdown = 1

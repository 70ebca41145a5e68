package archive

import (
	"database/sql/driver"

	"golang.org/x/text/cases"
	"modernc.org/sqlite"
)

// foldFunc is the SQL function that folds a text's case the Unicode way:
// SQLite's NOCASE and lower() fold ASCII letters only, so "économie" did
// not select "Économie". Queries use it; the schema does not, so any
// SQLite client still reads the archive.
const foldFunc = "newsarchive_fold"

func init() {
	registerTextFunc(foldFunc, func(s string) driver.Value { return foldCase(s) })
}

// registerTextFunc registers a deterministic SQL function of one text
// argument; any other argument (NULL, a number) is returned as it is.
func registerTextFunc(name string, f func(string) driver.Value) {
	err := sqlite.RegisterDeterministicScalarFunction(name, 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			s, ok := args[0].(string)
			if !ok {
				return args[0], nil
			}
			return f(s), nil
		})
	if err != nil {
		panic("register " + name + ": " + err.Error())
	}
}

// foldCase folds s for comparisons that ignore case ("Straße", "STRASSE").
func foldCase(s string) string {
	return cases.Fold().String(s)
}

package web

// Exported for the external tests (package web_test), which need the real
// pipeline and store and so cannot live in package web.
var (
	AssertInert = assertInert
	TextOf      = textOf
)

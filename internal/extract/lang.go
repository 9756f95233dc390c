package extract

import (
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// minLangRunes is the shortest text whose language is worth guessing:
// trigram detectors are unreliable on a headline-sized sample.
const minLangRunes = 40

// langSample bounds the text given to the detector; a few kilobytes decide
// the language as well as the whole article and keep long pages cheap.
const langSample = 4000

// detectLanguage returns the ISO 639-1 code of text, or "" when the text is
// too short or the detector is not confident.
//
// whatlanggo is used, not lingua-go: lingua is more accurate on short texts
// but embeds about 124 MB of models whatever languages are enabled, which
// would dominate the binary for a field we only need on article-length
// text. whatlanggo is already linked in through go-trafilatura.
func detectLanguage(text string) string {
	if utf8.RuneCountInString(text) < minLangRunes {
		return ""
	}
	if len(text) > langSample {
		cut := langSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	if !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}

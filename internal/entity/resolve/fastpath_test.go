package resolve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// aliasTexts are the raw example pages and sentences with every alias
// phrase, in odd casings and with the letters that fold onto ASCII ones.
func aliasTexts(t *testing.T) []string {
	t.Helper()
	texts := []string{
		"The Shahed-136, better known to the Russian military as the Geran-2, hit Kyiv.",
		"drones WHICH RUSSIA CALLS Geran-2 and which Moscow dubbed Geranium",
		"Russia repainted them as Geran-2. It renamed Artemivsk Bakhmut.",
		"the Islamic Revolutionary Guard Corps (IRGC) and Hamas a.k.a. the movement, alias X, formerly Y",
		"the drone, \u212anown as the Shahed, and the İRGC NAMED it; \u017fo called", // KELVIN SIGN, İ, LONG S
		"Photo: Reuters Getty Images — PHOTO BY AFP / credit: EPA pictured: Zelensky",
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "examples", "iran-russia", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no example pages")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	return texts
}

// TestAliasTriggerIndexed holds the indexed trigger to the window-by-window
// one on every window ending at every byte of the texts (for texts the
// index refuses, on the per-window path both ways).
func TestAliasTriggerIndexed(t *testing.T) {
	r := &resolver{}
	found := 0
	for _, txt := range aliasTexts(t) {
		words, ok := newWordIndex(txt)
		for end := 0; end <= len(txt); end++ {
			from := max(0, end-100)
			pre := txt[from:end]
			for _, typ := range []string{"WEAPON", "PERSON"} {
				wl, wc := r.aliasTrigger(pre, typ)
				if !ok {
					continue
				}
				gl, gc := aliasTriggerIndexed(pre, typ, words, from)
				if gl != wl || gc != wc {
					t.Fatalf("window %q (%s): indexed (%d, %v), per window (%d, %v)", pre, typ, gl, gc, wl, wc)
				}
				if wl >= 0 {
					found++
				}
			}
		}
	}
	if found < 10 {
		t.Errorf("only %d triggers found: the texts do not exercise the expressions", found)
	}
}

// TestHasAliasWordFolded compares the folded test with strings.ToLower.
func TestHasAliasWordFolded(t *testing.T) {
	for _, txt := range aliasTexts(t) {
		for end := 0; end <= len(txt); end += 7 {
			pre := txt[max(0, end-100):end]
			var buf [128]byte
			low, exact := foldASCII(pre, buf[:0])
			want := false
			for _, w := range aliasWords {
				want = want || strings.Contains(strings.ToLower(pre), w)
			}
			if got := hasAliasWord(pre, low, exact); got != want {
				t.Fatalf("hasAliasWord(%q) = %v, want %v", pre, got, want)
			}
		}
	}
}

func TestIsCreditFolded(t *testing.T) {
	for _, txt := range aliasTexts(t) {
		for start := 0; start < len(txt); start += 3 {
			end := min(len(txt), start+12)
			got := isCredit(txt, start, end)
			// The first definition: the lead lower-cased with strings.ToLower.
			want := strings.Contains(txt[start:end], "/") || (end < len(txt) && txt[end] == '/') || (start > 0 && txt[start-1] == '/') || strings.HasSuffix(txt[start:end], "Images")
			for _, w := range creditWords {
				want = want || strings.Contains(txt[start:end], w) && w != "Images"
			}
			lead := txt[max(0, start-24):start]
			if i := strings.LastIndexByte(lead, '\n'); i >= 0 {
				lead = lead[i+1:]
			}
			for _, p := range creditLeads {
				want = want || strings.Contains(strings.ToLower(lead), p)
			}
			if got != want {
				t.Fatalf("isCredit(%q) = %v, want %v", txt[start:end], got, want)
			}
		}
	}
}

func TestLowerWordsScan(t *testing.T) {
	texts := aliasTexts(t)
	var docs []Doc
	for _, txt := range texts {
		docs = append(docs, Doc{Text: txt})
	}
	got := (&resolver{docs: docs}).lowerWords()
	want := map[string]bool{}
	for _, txt := range texts {
		for _, w := range strings.FieldsFunc(txt, func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') }) {
			if w[0] >= 'a' && w[0] <= 'z' {
				want[w] = true
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d lower-case words, want %d", len(got), len(want))
	}
	for w := range want {
		if !got[w] {
			t.Errorf("%q missing", w)
		}
	}
}

package dedupe

// IsStopWord reports whether w, lower-cased, is one of the function words
// and reporting verbs copy detection ignores. Benchmarks that disguise
// real texts keep these words so that the texts keep the structure the
// detector sees (copygen.ScaleOptions.Keep).
func IsStopWord(w string) bool { return stopWords[w] }

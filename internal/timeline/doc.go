// Package timeline holds the dating of news text: it finds date expressions
// ("Oct. 17", "on Monday", "two weeks ago", "late September"), resolves them
// to calendar dates with a precision against an article's publication date,
// infers a missing publication date from an article's own evidence, and
// assembles dated sentences from many articles into one merged, sorted
// timeline.
//
// It must not import the pipeline or any other stage's package, and does
// no I/O.
//
// # Why a parser of our own
//
// The parser is strict, English-only and hand-written over a small
// tokenizer. go-dateparser v1.4.7 (already a dependency, used by extraction
// for header dates) was measured on the forms this package must read, with
// the Newsweek seed's date (2023-01-17) as the current time:
//
//   - it parses the absolute forms correctly ("Oct. 17", "Feb 24, 2022",
//     "1/17/2023", "Friday, December 9th", "2022-10-17");
//   - it fails on "last Saturday", "next Friday", "late September" and
//     "earlier this year" ("unknown format");
//   - it reads "Su-35" as the year 1935 and "10 of 15" as 15 October, and
//     its text search over the Newsweek body also returns "we" (as
//     2023-01-11) and "11 months";
//   - its search took 14–19 ms for that 3.5 kB body, against about 0.1 ms
//     here (BenchmarkFind: 33 MB/s over the five seed bodies on the shared
//     2-core machine), since it runs every language's patterns through a
//     WebAssembly regular-expression engine.
//
// So precision is preferred to recall: an expression that might be a count,
// a model name or a fraction is not a date, and only forms whose meaning is
// fixed are read. Expressions with no calendar meaning ("in the coming
// months", "a few days ago", "the following Monday") are not reported.
package timeline

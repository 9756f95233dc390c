// Package eval holds the scorers for ../shared/bench formats: each reads a
// benchmark folder or file in the published format, runs one stage of the
// program over it and computes the benchmark's own metric.
//
// It must not contain extraction, tagging or clustering logic of its own:
// the stage under test is passed in as a function, so that a score always
// measures the code the pipeline runs.
package eval

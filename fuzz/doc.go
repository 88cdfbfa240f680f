// Package fuzz holds sectfuzz's native Go fuzz targets:
//
//	FuzzOracle                      properties of the oracle alone (pure Go)
//	FuzzDiffELF, FuzzDiffMachO, …   one section string and kind, real llc vs oracle
//
// The differential targets read their settings from the environment:
//
//	SECTFUZZ_LLVM     LLVM versions to run, comma-separated (default 19)
//	SECTFUZZ_REPORTS  findings directory (default ../reports, the repo's,
//	                  when fuzzing; a temporary one when replaying seeds)
//	SECTFUZZ_EXEC=1   run llc per input instead of a persistent worker
//	SECTFUZZ_SPEC     1 (default): compare with the format's rules alone;
//	                  a divergence a modeled deviation explains is stored
//	                  as a known finding (one per root cause), any other
//	                  fails the target. 0: predict with the deviations, so
//	                  only unexplained divergences are stored at all.
//
// A divergence is stored as a finding; the target fails only when no
// modeled deviation explains it and its signature is not on
// reports/known/llvm-N.txt, so a nightly `go test -fuzz` stops on what is
// new and carries on past what is triaged.
package fuzz

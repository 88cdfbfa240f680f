// Package fuzz holds sectfuzz's native Go fuzz targets:
//
//	FuzzOracle                      properties of the oracle alone (pure Go)
//	FuzzDiffELF, FuzzDiffMachO, …   one section string and kind, real llc vs oracle
//
// The differential targets read their settings from the environment:
//
//	SECTFUZZ_LLVM     LLVM versions to run, comma-separated (default 19)
//	SECTFUZZ_REPORTS  findings directory (default ../reports, the repo's)
//	SECTFUZZ_SPEC=1   compare with the format's rules alone: the campaign
//	                  must rediscover LLVM's known deviations, which the
//	                  known lists then accept
//
// A divergence is stored as a finding; the target fails only when its
// signature is not on reports/known/llvm-N.txt, so a nightly `go test
// -fuzz` stops on what is new and carries on past what is triaged.
package fuzz

package fuzz

import (
	"testing"

	"github.com/sectfuzz/sectfuzz/oracle"
)

func FuzzDiffELF(f *testing.F)   { diffTarget(f, oracle.ELF) }
func FuzzDiffMachO(f *testing.F) { diffTarget(f, oracle.MachO) }
func FuzzDiffCOFF(f *testing.F)  { diffTarget(f, oracle.COFF) }
func FuzzDiffWasm(f *testing.F)  { diffTarget(f, oracle.Wasm) }
func FuzzDiffXCOFF(f *testing.F) { diffTarget(f, oracle.XCOFF) }
func FuzzDiffGOFF(f *testing.F)  { diffTarget(f, oracle.GOFF) }

package fuzz

import (
	"testing"

	"github.com/sectfuzz/sectfuzz/oracle"
)

func FuzzDiffELF(f *testing.F)   { diffTarget(f, oracle.ELF) }
func FuzzDiffMachO(f *testing.F) { diffTarget(f, oracle.MachO) }

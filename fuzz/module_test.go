package fuzz

import (
	"encoding/binary"
	"testing"

	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// moduleTarget is the body of every FuzzModule<Format> target: the fuzz
// bytes become a whole module (irgen.Generate: 1-16 globals and functions
// with linkage, comdat, initializers, sections shared between them), run on
// each configured LLVM version and compared global by global.
func moduleTarget(f *testing.F, format oracle.Format) {
	triples := oracle.Triples[format]
	dicts := make([]irgen.Dictionary, len(triples))
	for i, t := range triples {
		dicts[i] = irgen.DefaultDictionary(t)
	}
	// Seeds: a spread of byte patterns; the generator maps every byte
	// string to a valid module.
	for i := 0; i < 64; i++ {
		seed := make([]byte, 8+i*3)
		for j := range seed {
			seed[j] = byte(i*37 + j*11)
		}
		binary.LittleEndian.PutUint16(seed, uint16(i))
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		e := setup(t)
		i := int(data[0]) % len(triples)
		c, err := irgen.Generate(data[1:], triples[i], dicts[i])
		if err != nil {
			return // not enough bytes for a module
		}
		for _, v := range e.versions {
			checkOne(t, e, v, c)
		}
	})
}

func FuzzModuleELF(f *testing.F)   { moduleTarget(f, oracle.ELF) }
func FuzzModuleMachO(f *testing.F) { moduleTarget(f, oracle.MachO) }
func FuzzModuleCOFF(f *testing.F)  { moduleTarget(f, oracle.COFF) }
func FuzzModuleWasm(f *testing.F)  { moduleTarget(f, oracle.Wasm) }
func FuzzModuleXCOFF(f *testing.F) { moduleTarget(f, oracle.XCOFF) }
func FuzzModuleGOFF(f *testing.F)  { moduleTarget(f, oracle.GOFF) }

# sectfuzz: see README.md. `make fuzz` and `make test` install what they need.
GO        ?= go
FUZZTIME  ?= 60s
LLVM      ?= 19
REPORTS   ?= $(CURDIR)/reports

.PHONY: all deps build test vet fmt-check fuzz fuzz-all fuzz-paths bench clean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	$(GO) build -o bin/sectfuzz ./cmd/sectfuzz

# The test command of the README and of .ci/run.
test: deps fmt-check vet
	SECTFUZZ_REPORTS=$$(mktemp -d) $(GO) test -count=1 -timeout 40m ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needs to run on:"; echo "$$out"; exit 1; fi

# The main job: a short differential campaign over ELF and Mach-O on LLVM
# $(LLVM), with Go's native fuzzer; findings go to $(REPORTS).
fuzz: build
	@echo "== sectfuzz: differential fuzzing of ELF and Mach-O against llc-$(LLVM), $(FUZZTIME) each; findings -> $(REPORTS)"
	cd fuzz && SECTFUZZ_LLVM=$(LLVM) SECTFUZZ_REPORTS=$(REPORTS) $(GO) test -run '^$$' -fuzz '^FuzzDiffELF$$' -fuzztime $(FUZZTIME) .
	cd fuzz && SECTFUZZ_LLVM=$(LLVM) SECTFUZZ_REPORTS=$(REPORTS) $(GO) test -run '^$$' -fuzz '^FuzzDiffMachO$$' -fuzztime $(FUZZTIME) .
	@./bin/sectfuzz reports --reports $(REPORTS) --llvm $(LLVM)

# Every differential target, single globals and whole modules, each format.
fuzz-all: build
	for t in FuzzDiffELF FuzzDiffMachO FuzzDiffCOFF FuzzDiffWasm FuzzDiffXCOFF FuzzDiffGOFF \
	         FuzzModuleELF FuzzModuleMachO FuzzModuleCOFF FuzzModuleWasm FuzzModuleXCOFF FuzzModuleGOFF; do \
	  (cd fuzz && SECTFUZZ_LLVM=$(LLVM) SECTFUZZ_REPORTS=$(REPORTS) $(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) .) || exit 1; \
	done
	@./bin/sectfuzz reports --reports $(REPORTS) --llvm $(LLVM)

# The three roads to an object (llc obj, llc asm through llvm-mc and GNU as,
# clang from C) compared with each other, per format.
fuzz-paths: build
	@echo "== sectfuzz: roads to an object compared, llc-$(LLVM) and clang-$(LLVM), $(FUZZTIME) per format; findings -> $(REPORTS)"
	for t in ELF MachO COFF Wasm; do (cd fuzz && SECTFUZZ_KEEP_GOING=1 SECTFUZZ_LLVM=$(LLVM) SECTFUZZ_REPORTS=$(REPORTS) $(GO) test -run '^$$' -fuzz "^FuzzPaths$$t\$$" -fuzztime $(FUZZTIME) .) || exit 1; done
	@./bin/sectfuzz reports --reports $(REPORTS) --llvm $(LLVM)

# Throughput: the same 2000 mixed inputs through llc (one process each) and
# through the persistent worker pool, checks/s and their ratio; then the
# worker's memory after 200000 inputs. LLVM $(LLVM). The worker is built
# on first use (needs llvm-N-dev and a C++ compiler: `make deps`).
bench: deps
	SECTFUZZ_LLVM=$(LLVM) $(GO) test -run '^$$' -bench '^BenchmarkChecks$$' -benchtime 1x -timeout 60m ./internal/toolchain/
	SECTFUZZ_LLVM=$(LLVM) $(GO) test -run '^$$' -bench '^BenchmarkWorkerMemory$$' -benchtime 1x -timeout 60m ./internal/toolchain/

clean:
	rm -rf bin

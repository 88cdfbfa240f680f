package paths

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/llir/llvm/ir"

	"github.com/sectfuzz/sectfuzz/diff"
	"github.com/sectfuzz/sectfuzz/internal/cgen"
	"github.com/sectfuzz/sectfuzz/internal/irgen"
	"github.com/sectfuzz/sectfuzz/internal/object"
	"github.com/sectfuzz/sectfuzz/internal/pipeline"
	"github.com/sectfuzz/sectfuzz/internal/toolchain"
	"github.com/sectfuzz/sectfuzz/oracle"
)

// RoadResult is what one road did with a case.
type RoadResult struct {
	Road   Road
	Status Status
	// Reason says why a road is not applicable.
	Reason string
	// Reference names what Outcome was compared with: "oracle" for the
	// object road and for a clang road whose front end rejects (or was
	// predicted to), "obj" for every other road.
	Reference string
	// Expected is the reference's outcome: the oracle's prediction, or the
	// object road's actual outcome for the same IR.
	Expected oracle.Outcome
	// Outcome is what the road really gave.
	Outcome oracle.Outcome
	// Stage is the tool that decided Outcome: llc, llc -filetype=asm,
	// llvm-mc, GNU as (by name), clang.
	Stage string
	// Input is what the road compiled besides the case's IR: the assembly
	// of an asm road, the C source of a clang road.
	Input string
	// RefIR is the IR the reference compiled when it is not the case's
	// own (a pragma road: the section moves into an IR attribute).
	RefIR string
	// Command reproduces the road from repro.ll (and repro.c).
	Command string
	// Stderr is the deciding tool's diagnostic output.
	Stderr string
	// Divergence is nil when the road agrees with its reference.
	Divergence *diff.Divergence
}

// Result is one case down every requested road.
type Result struct {
	Case oracle.Case
	// Obj is the object road checked against the oracle, as
	// pipeline.Check gives it.
	Obj pipeline.Result
	// Roads are the requested roads, Obj first, in AllRoads order.
	Roads []RoadResult
}

// Divergent returns the roads that diverged.
func (r Result) Divergent() []RoadResult {
	var out []RoadResult
	for _, rr := range r.Roads {
		if rr.Divergence != nil {
			out = append(out, rr)
		}
	}
	return out
}

// Runner runs the roads of one LLVM version.
type Runner struct {
	version int
	obj     toolchain.Compiler
	llc     *toolchain.LLC
	mc      *toolchain.LLVMMC
	clang   *toolchain.Clang

	mu     sync.Mutex
	probes map[string]probe // by road and triple
}

// probe is the cached answer to "can this road run for this triple".
type probe struct {
	ok     bool
	reason string
	gas    *toolchain.GAS
}

// NewRunner prepares the roads of obj's LLVM version: obj compiles the
// object road (llc, or a persistent worker), and llc, llvm-mc and clang of
// the same version must be installed.
func NewRunner(obj toolchain.Compiler) (*Runner, error) {
	v := obj.Version()
	llc, err := toolchain.NewLLC(v)
	if err != nil {
		return nil, err
	}
	mc, err := toolchain.NewLLVMMC(v)
	if err != nil {
		return nil, err
	}
	cl, err := toolchain.NewClang(v)
	if err != nil {
		return nil, err
	}
	return &Runner{version: v, obj: obj, llc: llc, mc: mc, clang: cl, probes: map[string]probe{}}, nil
}

// Version is the LLVM major version.
func (r *Runner) Version() int { return r.version }

// Check renders c and runs it down roads.
func (r *Runner) Check(ctx context.Context, c oracle.Case, roads []Road, opt oracle.Options) (Result, error) {
	c.LLVM = r.version
	text, err := irgen.Render(c)
	if err != nil {
		return Result{}, fmt.Errorf("rendering IR: %w", err)
	}
	return r.CheckIR(ctx, c, text, roads, opt)
}

// CheckIR is Check for a module whose text is known; c must describe it.
func (r *Runner) CheckIR(ctx context.Context, c oracle.Case, text string, roads []Road, opt oracle.Options) (Result, error) {
	c.LLVM = r.version
	objRes, err := pipeline.CheckIR(ctx, r.obj, c, text, opt)
	if err != nil {
		return Result{}, err
	}
	res := Result{Case: objRes.Case, Obj: objRes}
	var asm *toolchain.Result // llc -filetype=asm, shared by both assemblers
	for _, road := range roads {
		var rr RoadResult
		switch road {
		case Obj:
			rr = RoadResult{Road: Obj, Status: Ran, Reference: "oracle", Expected: objRes.Predicted,
				Outcome: objRes.Actual, Stage: "llc", Stderr: objRes.Run.Stderr,
				Command:    pipeline.ReproCommand(c.Triple, r.version, objRes.Actual.Verdict),
				Divergence: objRes.Divergence}
		case AsmMC, AsmGAS:
			rr, err = r.asmRoad(ctx, road, c, text, objRes, &asm)
		default:
			rr, err = r.clangRoad(ctx, road, c, objRes, opt)
		}
		if err != nil {
			return Result{}, err
		}
		res.Roads = append(res.Roads, rr)
	}
	return res, nil
}

// probeCase is a module without section strings: an assembler that cannot
// read llc's assembly of it cannot take part for this triple at all.
func probeCase(triple string, v int) oracle.Case {
	return oracle.Case{Triple: triple, LLVM: v, Globals: []oracle.Global{
		{Name: "sectfuzz_probe", Kind: oracle.KindData},
		{Name: "sectfuzz_probe_fn", Kind: oracle.KindFunc},
	}}
}

// assembler says whether road can run for triple, probing it once.
func (r *Runner) assembler(ctx context.Context, road Road, tr oracle.Triple) (probe, error) {
	key := string(road) + " " + tr.Raw
	r.mu.Lock()
	p, ok := r.probes[key]
	r.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := r.probeAssembler(ctx, road, tr)
	if err != nil {
		return p, err
	}
	r.mu.Lock()
	r.probes[key] = p
	r.mu.Unlock()
	return p, nil
}

func (r *Runner) probeAssembler(ctx context.Context, road Road, tr oracle.Triple) (probe, error) {
	var p probe
	if road == AsmGAS {
		g, err := toolchain.FindGAS(string(tr.Format), tr.Arch)
		if err != nil {
			return probe{reason: err.Error()}, nil
		}
		p.gas = g
	}
	text, err := irgen.Render(probeCase(tr.Raw, r.version))
	if err != nil {
		return p, err
	}
	s, err := r.llc.Compile(ctx, toolchain.Request{Triple: tr.Raw, IR: text, Asm: true})
	if err != nil {
		return p, err
	}
	if s.Verdict != toolchain.Accepted {
		p.reason = fmt.Sprintf("llc-%d writes no assembly for %s (%s)", r.version, tr.Raw, s.Diag)
		return p, nil
	}
	o, name, err := r.assemble(ctx, road, p, tr.Raw, string(s.Output))
	if err != nil {
		return p, err
	}
	if o.Verdict != toolchain.Accepted {
		p.reason = fmt.Sprintf("%s cannot assemble llc-%d's assembly for %s even without a section string (%s)", name, r.version, tr.Raw, o.Diag)
		return p, nil
	}
	if _, err := object.Read(o.Output); err != nil {
		p.reason = fmt.Sprintf("%s writes an object for %s that sectfuzz cannot read (%v)", name, tr.Raw, err)
		return p, nil
	}
	p.ok = true
	return p, nil
}

// assemble runs the road's assembler on asm.
func (r *Runner) assemble(ctx context.Context, road Road, p probe, triple, asm string) (toolchain.Result, string, error) {
	if road == AsmGAS {
		res, err := p.gas.Assemble(ctx, asm)
		return res, p.gas.Name(), err
	}
	res, err := r.mc.Assemble(ctx, triple, asm)
	return res, "llvm-mc-" + strconv.Itoa(r.version), err
}

func (r *Runner) asmRoad(ctx context.Context, road Road, c oracle.Case, text string, objRes pipeline.Result, asm **toolchain.Result) (RoadResult, error) {
	tr := oracle.TripleFor(c.Triple, c.LLVM)
	p, err := r.assembler(ctx, road, tr)
	if err != nil {
		return RoadResult{}, err
	}
	if !p.ok {
		return RoadResult{Road: road, Status: NotApplicable, Reason: p.reason}, nil
	}
	if *asm == nil {
		s, err := again(func() (toolchain.Result, error) {
			return r.llc.Compile(ctx, toolchain.Request{Triple: c.Triple, IR: text, Asm: true})
		})
		if err != nil {
			return RoadResult{}, err
		}
		*asm = &s
	}
	rr := RoadResult{Road: road, Status: Ran, Reference: string(Obj), Expected: objRes.Actual,
		Command: r.asmCommand(road, p, c.Triple)}
	if s := *asm; s.Verdict != toolchain.Accepted {
		rr.Stage, rr.Stderr = "llc -filetype=asm", s.Stderr
		rr.Outcome = oracle.Outcome{Verdict: oracle.Verdict(s.Verdict), Diag: s.Diag}
	} else {
		rr.Input = string(s.Output)
		var name string
		o, err := again(func() (toolchain.Result, error) {
			o, n, err := r.assemble(ctx, road, p, c.Triple, rr.Input)
			name = n
			return o, err
		})
		if err != nil {
			return RoadResult{}, err
		}
		rr.Stage, rr.Stderr = name, o.Stderr
		rr.Outcome = pipeline.Observe(c, o)
	}
	rr.Divergence = diff.ComparePathsBecause(tr.Format, string(Obj), string(road), rr.Expected, rr.Outcome, lineBreaker(c))
	return rr, nil
}

// lineBreaker names a byte of the case's section strings that llc prints
// raw into its assembly, where it ends the .section line: whatever the
// assembler then says, that byte is the cause.
func lineBreaker(c oracle.Case) string {
	for _, g := range c.Globals {
		switch {
		case strings.IndexByte(g.Section, 0) >= 0:
			return "NUL in the section string"
		case strings.ContainsAny(g.Section, "\n\r"):
			return "line break in the section string"
		}
	}
	return ""
}

func (r *Runner) clangRoad(ctx context.Context, road Road, c oracle.Case, objRes pipeline.Result, opt oracle.Options) (RoadResult, error) {
	v, ok := road.variant()
	if !ok {
		return RoadResult{}, fmt.Errorf("paths: unknown road %q", road)
	}
	if err := cgen.Expressible(c); err != nil {
		return RoadResult{Road: road, Status: NotApplicable, Reason: err.Error()}, nil
	}
	src, err := cgen.Render(c, v)
	if err != nil {
		return RoadResult{}, err
	}
	run, err := again(func() (toolchain.Result, error) { return r.clang.Compile(ctx, c.Triple, src) })
	if err != nil {
		return RoadResult{}, err
	}
	tr := oracle.TripleFor(c.Triple, c.LLVM)
	fe := oracle.PredictClang(c, v, opt)
	rr := RoadResult{Road: road, Status: Ran, Input: src, Stage: "clang-" + strconv.Itoa(r.version),
		Stderr: run.Stderr, Outcome: pipeline.Observe(c, run), Command: r.clangCommand(c.Triple, run.Verdict)}
	if fe.Verdict != oracle.Accepted || (run.Verdict == toolchain.Error && toolchain.FrontEndDiag(run.Stderr)) {
		// The front end decides: compare with the oracle's model of Sema.
		rr.Reference, rr.Expected = "oracle", fe.Outcome
		rr.Divergence = diff.Compare(tr.Format, fe.Outcome, rr.Outcome)
		return rr, nil
	}
	ref, refIR, err := r.reference(ctx, c, fe, objRes)
	if err != nil {
		return RoadResult{}, err
	}
	rr.Reference, rr.Expected, rr.RefIR = string(Obj), ref, refIR
	rr.Divergence = diff.ComparePaths(tr.Format, string(Obj), string(road), ref, rr.Outcome)
	return rr, nil
}

// reference is the object road's outcome for the IR clang's front end
// produces: the case's own IR when every section stays an explicit
// `section`, else the case with pragma sections moved into the global
// attributes CodeGen uses ("bss-section"="S", ...), compiled by llc.
func (r *Runner) reference(ctx context.Context, c oracle.Case, fe oracle.ClangPrediction, objRes pipeline.Result) (oracle.Outcome, string, error) {
	same := true
	for _, g := range c.Globals {
		if g.Section != "" && fe.Attrs[g.Name] != oracle.IRSection {
			same = false
		}
	}
	if same {
		return objRes.Actual, "", nil
	}
	m, err := irgen.Build(c)
	if err != nil {
		return oracle.Outcome{}, "", fmt.Errorf("rendering IR: %w", err)
	}
	for _, g := range c.Globals {
		attr := fe.Attrs[g.Name]
		if g.Section == "" || attr == oracle.IRSection {
			continue
		}
		for _, gv := range m.Globals {
			if gv.Name() != g.Name {
				continue
			}
			gv.Section = ""
			if attr != "" {
				gv.FuncAttrs = append(gv.FuncAttrs, ir.AttrPair{Key: attr, Value: g.Section})
			}
		}
		for _, f := range m.Funcs {
			if f.Name() != g.Name {
				continue
			}
			f.Section = ""
			if attr != "" {
				f.FuncAttrs = append(f.FuncAttrs, ir.AttrPair{Key: attr, Value: g.Section})
			}
		}
	}
	text := m.String()
	run, err := again(func() (toolchain.Result, error) {
		return r.obj.Compile(ctx, toolchain.Request{Triple: c.Triple, IR: text})
	})
	if err != nil {
		return oracle.Outcome{}, "", err
	}
	return pipeline.Observe(c, run), text, nil
}

func (r *Runner) llcAsmCommand(triple string) string {
	v := strconv.Itoa(r.version)
	cmd := "llc-" + v + " -mtriple=" + shellQuote(triple) + " -O0"
	if r.version < 15 {
		cmd += " -opaque-pointers"
	}
	return cmd + " -filetype=asm repro.ll -o repro.s"
}

func (r *Runner) readobj() string {
	return "llvm-readobj-" + strconv.Itoa(r.version) + " --sections --symbols repro.o"
}

func (r *Runner) asmCommand(road Road, p probe, triple string) string {
	as := "llvm-mc-" + strconv.Itoa(r.version) + " -triple " + shellQuote(triple) + " -filetype=obj repro.s -o repro.o"
	if road == AsmGAS {
		as = p.gas.Name() + " -o repro.o repro.s"
	}
	return "LLVM_DISABLE_SYMBOLIZATION=1 " + r.llcAsmCommand(triple) + " && " + as + " && " + r.readobj()
}

func (r *Runner) clangCommand(triple string, v toolchain.Verdict) string {
	cmd := "clang-" + strconv.Itoa(r.version) + " -c --target=" + shellQuote(triple) + " -O0 -fintegrated-as -fno-crash-diagnostics repro.c -o repro.o"
	if v == toolchain.Accepted {
		return cmd + " && " + r.readobj()
	}
	return cmd
}

func shellQuote(s string) string {
	if strings.ContainsAny(s, " '\"$\\") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

// again runs a tool once more when it timed out: on a loaded machine a
// tool can miss its limit once, and a path divergence must not be a
// flake. A second timeout is real.
func again(run func() (toolchain.Result, error)) (toolchain.Result, error) {
	res, err := run()
	if err == nil && res.Verdict == toolchain.Timeout {
		res, err = run()
	}
	return res, err
}

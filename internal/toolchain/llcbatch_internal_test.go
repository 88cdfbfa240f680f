package toolchain

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slowModule is a module llc takes seconds on: one function of n chained
// multiplications. It is written out directly (not with irgen) because it is
// a load for the worker, not a section case.
func slowModule(n int) string {
	var b strings.Builder
	b.WriteString("define i32 @f(i32 %a) {\nentry:\n")
	prev := "%a"
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  %%v%d = mul i32 %s, 3\n", i, prev)
		prev = fmt.Sprintf("%%v%d", i)
	}
	fmt.Fprintf(&b, "  ret i32 %s\n}\n", prev)
	return b.String()
}

var (
	okReq    = Request{Triple: "x86_64-unknown-linux-gnu", IR: "@g = global i32 1, section \"foo\"\n"}
	fatalReq = Request{Triple: "x86_64-apple-macosx10.15", IR: "@g = global i32 1, section \"nocomma\"\n"}
)

const fatalDiag = "LLVM ERROR: Global variable 'g' has an invalid section specifier 'nocomma': mach-o section specifier requires a segment and section separated by a comma."

func newTestWorker(t *testing.T) *Worker {
	t.Helper()
	w, err := NewWorker(19)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func mustCompile(t *testing.T, w *Worker, req Request) Result {
	t.Helper()
	r, err := w.Compile(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wantAccepted(t *testing.T, r Result) {
	t.Helper()
	if r.Verdict != Accepted || len(r.Output) == 0 {
		t.Fatalf("got %s %q with %d output bytes, want an accepted object", r.Verdict, r.Diag, len(r.Output))
	}
}

// workerPid is the pid of w's running process.
func workerPid(t *testing.T, w *Worker) int {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.proc == nil {
		t.Fatal("no worker process")
	}
	return w.proc.cmd.Process.Pid
}

// signalWhileBusy sends sig to w's process once it is compiling.
func signalWhileBusy(t *testing.T, w *Worker, sig syscall.Signal) {
	pid := workerPid(t, w)
	go func() {
		// The slow module takes seconds; by then it is being parsed.
		time.Sleep(300 * time.Millisecond)
		syscall.Kill(pid, sig)
	}()
}

// TestWorkerFatalsLoseNothing mixes aborting inputs with good ones: each
// fatal is reported with its diagnostic, and the good ones after it still
// compile, in the same process.
func TestWorkerFatalsLoseNothing(t *testing.T) {
	w := newTestWorker(t)
	ref := mustCompile(t, w, okReq)
	wantAccepted(t, ref)
	for i := 0; i < 50; i++ {
		f := mustCompile(t, w, fatalReq)
		if f.Verdict != Fatal || f.Diag != fatalDiag {
			t.Fatalf("input %d: %s %q, want fatal %q", i, f.Verdict, f.Diag, fatalDiag)
		}
		r := mustCompile(t, w, okReq)
		wantAccepted(t, r)
		if string(r.Output) != string(ref.Output) {
			t.Fatalf("input %d: object after a fatal error differs from the first", i)
		}
	}
	st := w.Stats()
	if st.Starts != 1 || st.Fatals != 50 || st.Requests != 101 {
		t.Errorf("stats %+v, want 1 start, 50 fatals, 101 requests", st)
	}
}

// TestWorkerRestartsAfterKill: a process killed between requests is
// replaced and the request answered.
func TestWorkerRestartsAfterKill(t *testing.T) {
	w := newTestWorker(t)
	wantAccepted(t, mustCompile(t, w, okReq))
	pid := workerPid(t, w)
	syscall.Kill(pid, syscall.SIGKILL)
	time.Sleep(100 * time.Millisecond) // let it die
	wantAccepted(t, mustCompile(t, w, okReq))
	if st := w.Stats(); st.Starts != 2 || st.Retries != 1 || st.Crashes != 0 {
		t.Errorf("stats %+v, want 2 starts, 1 retry, no crash", st)
	}
}

// TestWorkerKilledMidRequest: a process killed from outside while it
// compiles (no crash output) gets the request again on a new process.
func TestWorkerKilledMidRequest(t *testing.T) {
	w := newTestWorker(t)
	wantAccepted(t, mustCompile(t, w, okReq))
	slow := Request{Triple: "x86_64-unknown-linux-gnu", IR: slowModule(300000)}
	signalWhileBusy(t, w, syscall.SIGKILL)
	wantAccepted(t, mustCompile(t, w, slow))
	if st := w.Stats(); st.Starts != 2 || st.Retries != 1 {
		t.Errorf("stats %+v, want 2 starts, 1 retry", st)
	}
}

// TestWorkerCrashMidRequest: a crash while compiling (a real fault, made
// on purpose) is the input's result: a crash classified from LLVM's stack
// dump, as llc's would be; the next input runs on a new process.
func TestWorkerCrashMidRequest(t *testing.T) {
	w := newTestWorker(t)
	wantAccepted(t, mustCompile(t, w, okReq))
	crash := okReq
	crash.crashForTest = true
	r := mustCompile(t, w, crash)
	if r.Verdict != Crash || r.Signal != "illegal instruction" || !strings.Contains(r.Stderr, "Stack dump") {
		t.Fatalf("got %s %q (signal %q), want a crash with LLVM's stack dump; stderr:\n%s", r.Verdict, r.Diag, r.Signal, r.Stderr)
	}
	// The fault is in the worker's own (stripped) code: no frame has a
	// name but libc's start-up, which must not become the signature.
	if r.Diag != "crash without a named frame" || r.Diag != crashDiag(r.Stderr) {
		t.Errorf("crash line %q, want \"crash without a named frame\", as crashDiag gives for llc; stderr:\n%s", r.Diag, r.Stderr)
	}
	wantAccepted(t, mustCompile(t, w, okReq))
	if st := w.Stats(); st.Starts != 2 || st.Crashes != 1 || st.Retries != 0 {
		t.Errorf("stats %+v, want 2 starts, 1 crash, no retry", st)
	}
}

// TestWorkerTimeout: an input past the time limit is a timeout, as for
// llc, and the worker carries on.
func TestWorkerTimeout(t *testing.T) {
	w := newTestWorker(t)
	w.Timeout = 200 * time.Millisecond
	r := mustCompile(t, w, Request{Triple: "x86_64-unknown-linux-gnu", IR: slowModule(300000)})
	if r.Verdict != Timeout || r.Diag != "timeout after 200ms" {
		t.Fatalf("got %s %q, want timeout after 200ms", r.Verdict, r.Diag)
	}
	w.Timeout = 0
	wantAccepted(t, mustCompile(t, w, okReq))
	if st := w.Stats(); st.Timeouts != 1 || st.Starts != 2 {
		t.Errorf("stats %+v, want 1 timeout, 2 starts", st)
	}
}

// TestWorkerCanceled: a canceled context ends the request with the
// context's error, not a verdict.
func TestWorkerCanceled(t *testing.T) {
	w := newTestWorker(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(300 * time.Millisecond)
		cancel()
	}()
	_, err := w.Compile(ctx, Request{Triple: "x86_64-unknown-linux-gnu", IR: slowModule(300000)})
	if err != context.Canceled {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	wantAccepted(t, mustCompile(t, w, okReq))
}

// TestWorkerMaxRSS: above MaxRSS the process is replaced after the reply.
func TestWorkerMaxRSS(t *testing.T) {
	w := newTestWorker(t)
	w.MaxRSS = 1 // every process is above it once it has reported
	for i := 0; i < 3; i++ {
		wantAccepted(t, mustCompile(t, w, okReq))
	}
	if st := w.Stats(); st.Starts != 3 {
		t.Errorf("stats %+v, want a new process per request", st)
	}
}

// TestWorkerExtraArgs: a request with llc options runs llc itself.
func TestWorkerExtraArgs(t *testing.T) {
	w := newTestWorker(t)
	req := okReq
	req.Args = []string{"-data-sections"}
	wantAccepted(t, mustCompile(t, w, req))
	if st := w.Stats(); st.Requests != 0 {
		t.Errorf("stats %+v, want the request run by llc", st)
	}
}

// TestWorkerIsolatesNULSections: a section string with a NUL is compiled
// in a forked child with LLVM's own fatal error behaviour, so an `LLVM
// ERROR:` naming it is whole, as llc prints it; the worker process itself
// goes on (no restart), and a NUL input that compiles gives llc's bytes.
func TestWorkerIsolatesNULSections(t *testing.T) {
	w := newTestWorker(t)
	llc := &w.LLC
	cases := []Request{
		{Triple: "x86_64-apple-macosx10.15", IR: "@g = global i32 1, section \"a\\00b\"\n"},
		{Triple: "x86_64-unknown-linux-gnu", IR: "@g = global i32 1, section \"a\\00b\"\n"},
		{Triple: "x86_64-apple-macosx10.15", IR: "@g = global i32 1, section \"__DATA,__x\\00y,bogus\"\n"},
	}
	for _, req := range cases {
		want, err := llc.Compile(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		got := mustCompile(t, w, req)
		if got.Verdict != want.Verdict || got.Diag != want.Diag || string(got.Output) != string(want.Output) {
			t.Errorf("%q: worker %s %q (%d bytes), llc %s %q (%d bytes)", req.IR, got.Verdict, got.Diag, len(got.Output), want.Verdict, want.Diag, len(want.Output))
		}
		if got.Verdict == Fatal && !strings.Contains(got.Diag, "\x00") {
			t.Errorf("%q: fatal diagnostic %q was cut at the NUL", req.IR, got.Diag)
		}
	}
	wantAccepted(t, mustCompile(t, w, okReq))
	if st := w.Stats(); st.Starts != 1 || st.Crashes != 0 {
		t.Errorf("stats %+v, want one process and no crash", st)
	}
}

// TestWorkerIsolatedTimeout: an isolated compile past the time limit is a
// timeout (the parent kills the child when its timer fires), and the
// worker carries on.
func TestWorkerIsolatedTimeout(t *testing.T) {
	w := newTestWorker(t)
	w.Timeout = 200 * time.Millisecond
	req := Request{Triple: "x86_64-unknown-linux-gnu", IR: "@g = global i32 1, section \"a\\00b\"\n" + slowModule(300000)}
	if r := mustCompile(t, w, req); r.Verdict != Timeout {
		t.Fatalf("got %s %q, want a timeout", r.Verdict, r.Diag)
	}
	w.Timeout = 0
	wantAccepted(t, mustCompile(t, w, okReq))
}

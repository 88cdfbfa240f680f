package toolchain

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Worker compiles like LLC, but in a long-lived worker process
// (worker/worker.cpp) that has libLLVM loaded and its targets registered
// already: a small module costs ~0.3 ms of CPU (~0.1 ms with ReusePasses)
// instead of llc's 15-25 ms. Its answers are llc's: the worker runs llc's
// own code path and reports llc's exit status and stderr, which Compile
// classifies with the same Classify. LLVM fatal errors are recovered in the
// process; each leaks the abandoned compile (~270 KB), which MaxRSS bounds.
//
// The process starts on the first Compile and is started again, without
// losing the request, after it crashed, ran past its time limit or grew
// past MaxRSS. A Worker runs one request at a time (Compile locks); use a
// Pool for parallelism. Requests with extra llc arguments (Request.Args)
// run through the embedded LLC, since options are fixed when the worker
// starts.
type Worker struct {
	LLC
	// ReusePasses keeps llc's code generator passes from one input to the
	// next (per triple and file type), as `llc -compile-twice` does, instead
	// of building them per input as llc does: a third of the CPU, but only as
	// exact as LLVM's resetting of module-level state between runs, which
	// LLVM does not test across different modules (worker.cpp's
	// mayReusePasses lists what was found and is excluded). Results that
	// matter (findings) should be confirmed with LLC. Set before first use.
	ReusePasses bool
	// MaxRSS restarts the worker after a request that left it above this
	// many bytes resident; 0 means DefaultWorkerMaxRSS.
	MaxRSS int64

	bin    string
	mu     sync.Mutex
	proc   *workerProc
	nextID uint64
	stats  WorkerStats
}

// DefaultWorkerMaxRSS is the resident size above which a worker process is
// replaced by a fresh one.
const DefaultWorkerMaxRSS = 1 << 30

// workerKillGrace is how long after its own time limit the worker gets to
// report a timeout before the Go side kills it.
const workerKillGrace = 2 * time.Second

// workerStartTimeout bounds loading libLLVM and registering the targets.
const workerStartTimeout = 30 * time.Second

// WorkerStats counts what happened to a worker (or a pool's workers).
type WorkerStats struct {
	// Requests is the number of requests sent to worker processes (a
	// retried input counts twice).
	Requests int64
	// Starts is the number of worker processes started.
	Starts int64
	// Fatals is the number of LLVM fatal errors the worker recovered from.
	Fatals int64
	// Crashes is the number of worker processes that died mid-request.
	Crashes int64
	// Timeouts is the number of inputs that ran past the time limit.
	Timeouts int64
	// Retries is the number of requests sent again because the process
	// was found dead before it read them.
	Retries int64
	// RSS is the resident size in bytes last reported by a worker process
	// (the largest one for a pool).
	RSS int64
}

func (s *WorkerStats) add(o WorkerStats) {
	s.Requests += o.Requests
	s.Starts += o.Starts
	s.Fatals += o.Fatals
	s.Crashes += o.Crashes
	s.Timeouts += o.Timeouts
	s.Retries += o.Retries
	s.RSS = max(s.RSS, o.RSS)
}

// NewWorker returns a worker for LLVM major version v. It finds llc and
// builds the worker executable (cached; see WorkerBinary) but starts no
// process yet.
func NewWorker(v int) (*Worker, error) {
	l, err := NewLLC(v)
	if err != nil {
		return nil, err
	}
	bin, err := WorkerBinary(v)
	if err != nil {
		return nil, err
	}
	return &Worker{LLC: *l, bin: bin}, nil
}

// Stats returns the worker's counters.
func (w *Worker) Stats() WorkerStats {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stats
}

// Close stops the worker process, if one runs.
func (w *Worker) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.proc != nil {
		w.proc.stop()
		w.proc = nil
	}
	return nil
}

// nulSection finds a section string with a NUL (\00 in IR).
var nulSection = regexp.MustCompile(`section "[^"]*\\00`)

// Compile compiles req in the worker process, as `llc` (Args) would.
//
// A request with extra flags goes to a real llc process instead, since the
// worker's options are fixed when it starts. One whose section strings
// hold a NUL is compiled in a forked copy of the worker without a fatal
// error handler: LLVM hands a handler its message as a C string, so the
// worker would cut an `LLVM ERROR:` naming such a section at the NUL,
// where llc, which has no handler, prints it whole.
func (w *Worker) Compile(ctx context.Context, req Request) (Result, error) {
	if len(req.Args) > 0 {
		return w.LLC.Compile(ctx, req)
	}
	req.isolate = nulSection.MatchString(req.IR)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	start := time.Now()
	res, err := w.roundTrip(ctx, req, true)
	if err != nil {
		return Result{}, err
	}
	res.Elapsed = time.Since(start)
	res.Command = commandLine(filepath.Base(w.path), w.Args(req))
	return res, nil
}

func (w *Worker) timeout() time.Duration {
	if w.Timeout > 0 {
		return w.Timeout
	}
	return DefaultTimeout
}

// roundTrip sends one request and turns the reply, or the death of the
// process, into a Result. retry allows one more attempt on a new process
// when the old one turns out to have died before it read the request.
func (w *Worker) roundTrip(ctx context.Context, req Request, retry bool) (Result, error) {
	if w.proc == nil {
		p, err := w.start()
		if err != nil {
			return Result{}, err
		}
		w.proc = p
	}
	p := w.proc
	w.nextID++
	id := w.nextID
	timeout := w.timeout()

	// Whatever the process writes to stderr from now on is this request's.
	if err := p.stderr.Truncate(0); err != nil {
		return Result{}, fmt.Errorf("worker stderr: %w", err)
	}
	watchdog := time.AfterFunc(timeout+workerKillGrace, func() { p.kill(&p.timedOut) })
	stopCtx := context.AfterFunc(ctx, func() { p.kill(&p.canceled) })
	rep, out, err := p.exchange(id, req, timeout)
	watchdog.Stop()
	stopCtx()
	w.stats.Requests++

	if err != nil {
		// The process is gone (or the stream is broken): collect what it
		// left and answer the request from that.
		w.proc = nil
		state := p.reap()
		stderr := p.stderrText()
		p.stderr.Close()
		switch {
		case p.canceled.Load():
			return Result{}, ctx.Err()
		case p.timedOut.Load():
			w.stats.Timeouts++
			return w.timeoutResult(timeout), nil
		}
		if errors.Is(err, errNotSent) || (stderr == "" && killedBySIGKILL(state)) {
			// Dead before it read the request (or killed from outside
			// without a word): the input is not to blame.
			if retry {
				w.stats.Retries++
				return w.roundTrip(ctx, req, false)
			}
		}
		w.stats.Crashes++
		res := Result{Stderr: stderr, ExitCode: -1}
		signaled := false
		if state != nil {
			if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				signaled = true
				res.Signal = ws.Signal().String()
			} else {
				res.ExitCode = state.ExitCode()
			}
		}
		if !signaled && res.ExitCode == 0 {
			// A clean exit mid-request is not something llc does.
			res.ExitCode = -1
			signaled = true
			res.Signal = "worker exited: " + err.Error()
		}
		res.Verdict, res.Diag = Classify(res.ExitCode, signaled, res.Stderr)
		return res, nil
	}

	if rep.RSSKB > 0 {
		w.stats.RSS = rep.RSSKB * 1024
	}
	if rep.Timeout {
		w.stats.Timeouts++
		w.proc = nil
		p.reap()
		p.stderr.Close()
		return w.timeoutResult(timeout), nil
	}
	res := Result{Stderr: rep.stderr, ExitCode: rep.Exit, Signal: rep.Signal}
	res.Verdict, res.Diag = Classify(rep.Exit, rep.Signal != "", rep.stderr)
	if res.Verdict == Accepted {
		res.Output = out
	}
	if rep.Fatal {
		w.stats.Fatals++
	}
	maxRSS := w.MaxRSS
	if maxRSS <= 0 {
		maxRSS = DefaultWorkerMaxRSS
	}
	if rep.RSSKB*1024 > maxRSS {
		w.proc = nil
		p.stop()
	}
	return res, nil
}

// timeoutResult is what run gives for an llc that ran out of time.
func (w *Worker) timeoutResult(timeout time.Duration) Result {
	return Result{
		Verdict:  Timeout,
		ExitCode: -1,
		Signal:   "killed",
		Diag:     fmt.Sprintf("timeout after %v", timeout),
	}
}

func killedBySIGKILL(s *os.ProcessState) bool {
	if s == nil {
		return false
	}
	ws, ok := s.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// start launches a worker process and waits for its hello.
func (w *Worker) start() (*workerProc, error) {
	// The worker's stderr is a file sectfuzz owns, opened for appending:
	// the worker writes to it as llc writes to its stderr, and it outlives
	// a crash.
	f, err := os.CreateTemp("", "sectfuzz-worker-stderr-")
	if err != nil {
		return nil, fmt.Errorf("worker stderr: %w", err)
	}
	name := f.Name()
	f.Close()
	errFile, err := os.OpenFile(name, os.O_RDWR|os.O_APPEND, 0o600)
	os.Remove(name)
	if err != nil {
		return nil, fmt.Errorf("worker stderr: %w", err)
	}

	args := append([]string{w.path}, versionArgs(w.version)...)
	cmd := exec.Command(w.bin, args...)
	cmd.Env = env()
	if w.ReusePasses {
		cmd.Env = append(cmd.Env, "SECTFUZZ_WORKER_REUSE=1")
	}
	cmd.Stderr = errFile
	// The worker dies with sectfuzz.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		errFile.Close()
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		errFile.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		errFile.Close()
		return nil, fmt.Errorf("starting the LLVM %d worker: %w", w.version, err)
	}
	p := &workerProc{cmd: cmd, stdin: stdin, stdout: bufio.NewReaderSize(stdout, 64<<10), stderr: errFile}
	w.stats.Starts++

	t := time.AfterFunc(workerStartTimeout, func() { p.kill(&p.timedOut) })
	hello, err := p.readHeader()
	t.Stop()
	if err != nil || !hello.Ready {
		p.reap()
		msg := p.stderrText()
		p.stderr.Close()
		return nil, fmt.Errorf("the LLVM %d worker (%s) did not start: %v\n%s", w.version, w.bin, err, msg)
	}
	if maj, _, _ := cutMajor(hello.Version); maj != w.version {
		p.stop()
		return nil, fmt.Errorf("the LLVM %d worker (%s) runs LLVM %s", w.version, w.bin, hello.Version)
	}
	return p, nil
}

func cutMajor(v string) (int, string, bool) {
	for i := 0; i < len(v); i++ {
		if v[i] == '.' {
			n, err := strconv.Atoi(v[:i])
			return n, v[i+1:], err == nil
		}
	}
	n, err := strconv.Atoi(v)
	return n, "", err == nil
}

// workerProc is one running worker process.
type workerProc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *os.File
	buf    []byte

	killOnce sync.Once
	timedOut atomic.Bool
	canceled atomic.Bool
	reaped   bool
	state    *os.ProcessState
}

// reply is the header of a worker reply (see worker.cpp).
type reply struct {
	// ID echoes the request's id (0 for the hello).
	ID uint64 `json:"id"`
	// Ready and Version come in the hello only: the worker's LLVM version.
	Ready   bool   `json:"ready"`
	Version string `json:"version"`
	// Exit is llc's exit status, -1 when llc would have died of Signal.
	Exit   int    `json:"exit"`
	Signal string `json:"signal"`
	// Fatal is set when LLVM called report_fatal_error.
	Fatal bool `json:"fatal"`
	// Timeout is set when the worker's time limit fired.
	Timeout bool `json:"timeout"`
	// StderrLen and OutputLen are the sizes of the two blobs that follow.
	StderrLen int `json:"stderr_len"`
	OutputLen int `json:"output_len"`
	// RSSKB is the worker's resident size, measured at the first request
	// and every 32nd.
	RSSKB int64 `json:"rss_kb"`
	// Fatals counts the fatal errors the process recovered from.
	Fatals int64 `json:"fatals"`

	stderr string
}

// errNotSent marks a request the process never received.
var errNotSent = errors.New("worker gone before the request was sent")

// exchange writes one request frame and reads its reply.
func (p *workerProc) exchange(id uint64, req Request, timeout time.Duration) (*reply, []byte, error) {
	ft := "obj"
	if req.Asm {
		ft = "asm"
	}
	h := fmt.Appendf(p.buf[:0], `{"id":%d,"filetype":%q,"timeout_ms":%d,"isolate":%t,"triple_len":%d,"ir_len":%d,"crash_for_test":%t}`,
		id, ft, timeout.Milliseconds(), req.isolate, len(req.Triple), len(req.IR), req.crashForTest)
	frame := make([]byte, 0, 4+len(h)+len(req.Triple)+len(req.IR))
	frame = binary.LittleEndian.AppendUint32(frame, uint32(len(h)))
	frame = append(frame, h...)
	frame = append(frame, req.Triple...)
	frame = append(frame, req.IR...)
	p.buf = h
	if _, err := p.stdin.Write(frame); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errNotSent, err)
	}
	rep, err := p.readHeader()
	if err != nil {
		return nil, nil, err
	}
	if rep.ID != id {
		return nil, nil, fmt.Errorf("worker answered request %d, want %d", rep.ID, id)
	}
	blob := make([]byte, rep.StderrLen+rep.OutputLen)
	if _, err := io.ReadFull(p.stdout, blob); err != nil {
		return nil, nil, fmt.Errorf("reading the worker's reply: %w", err)
	}
	rep.stderr = string(blob[:rep.StderrLen])
	return rep, blob[rep.StderrLen:], nil
}

func (p *workerProc) readHeader() (*reply, error) {
	var n [4]byte
	if _, err := io.ReadFull(p.stdout, n[:]); err != nil {
		return nil, fmt.Errorf("reading the worker's reply: %w", err)
	}
	size := binary.LittleEndian.Uint32(n[:])
	if size > 1<<20 {
		return nil, fmt.Errorf("worker reply header of %d bytes", size)
	}
	h := make([]byte, size)
	if _, err := io.ReadFull(p.stdout, h); err != nil {
		return nil, fmt.Errorf("reading the worker's reply: %w", err)
	}
	var r reply
	if err := json.Unmarshal(h, &r); err != nil {
		return nil, fmt.Errorf("malformed worker reply %q: %v", h, err)
	}
	if r.StderrLen < 0 || r.OutputLen < 0 {
		return nil, fmt.Errorf("malformed worker reply %q", h)
	}
	return &r, nil
}

// stderrText is everything the process wrote to stderr since the last
// truncation.
func (p *workerProc) stderrText() string {
	st, err := p.stderr.Stat()
	if err != nil || st.Size() == 0 {
		return ""
	}
	b := make([]byte, st.Size())
	n, _ := p.stderr.ReadAt(b, 0)
	return string(b[:n])
}

// kill ends the process now, recording why in flag.
func (p *workerProc) kill(flag *atomic.Bool) {
	flag.Store(true)
	p.killOnce.Do(func() { _ = p.cmd.Process.Kill() })
}

// reap waits for the process to end. Its stderr stays readable.
func (p *workerProc) reap() *os.ProcessState {
	if p.reaped {
		return p.state
	}
	p.reaped = true
	p.stdin.Close()
	_ = p.cmd.Wait()
	p.state = p.cmd.ProcessState
	return p.state
}

// stop ends an idle process: end of input makes the worker exit; a worker
// that does not is killed after a grace period.
func (p *workerProc) stop() {
	p.stdin.Close()
	t := time.AfterFunc(workerKillGrace, func() { p.kill(&p.canceled) })
	p.reap()
	t.Stop()
	p.stderr.Close()
}

// Pool spreads requests over n workers of one LLVM version, one process
// each: a Compiler safe for concurrent use.
type Pool struct {
	version int
	workers []*Worker
	idle    chan *Worker
}

// NewPool returns n workers for LLVM version v; n <= 0 means one per CPU.
// Processes start when first used.
func NewPool(v, n int) (*Pool, error) {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	p := &Pool{version: v, idle: make(chan *Worker, n)}
	for i := 0; i < n; i++ {
		w, err := NewWorker(v)
		if err != nil {
			return nil, err
		}
		p.workers = append(p.workers, w)
		p.idle <- w
	}
	return p, nil
}

// Workers returns the pool's workers, e.g. to set Timeout or ReusePasses before
// first use.
func (p *Pool) Workers() []*Worker { return p.workers }

// Version is the LLVM major version.
func (p *Pool) Version() int { return p.version }

// Compile runs req on an idle worker, waiting for one if all are busy.
func (p *Pool) Compile(ctx context.Context, req Request) (Result, error) {
	select {
	case w := <-p.idle:
		defer func() { p.idle <- w }()
		return w.Compile(ctx, req)
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Stats sums the workers' counters.
func (p *Pool) Stats() WorkerStats {
	var s WorkerStats
	for _, w := range p.workers {
		s.add(w.Stats())
	}
	return s
}

// Close stops every worker process.
func (p *Pool) Close() error {
	for _, w := range p.workers {
		w.Close()
	}
	return nil
}

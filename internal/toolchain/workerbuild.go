package toolchain

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// The worker's source travels inside the Go binary, so any sectfuzz binary
// or test can build the worker for the LLVM versions installed where it
// runs, without a checkout.
//
//go:embed worker/worker.cpp
var workerFS embed.FS

const workerSourceName = "worker/worker.cpp"

var workerBuilds struct {
	sync.Mutex
	paths map[int]string
}

// WorkerBinary returns the persistent worker executable for LLVM major
// version v, building it first when needed. Builds are cached in
// $SECTFUZZ_CACHE (default: the user cache directory, e.g.
// $XDG_CACHE_HOME/sectfuzz) under a name that hashes the source, the
// compiler command and LLVM's full version, so an edit of worker.cpp or an
// LLVM update rebuilds it. A build takes 5-20 seconds; it needs a C++
// compiler (cxxCompiler) and Debian's llvm-<v>-dev (`make deps`).
func WorkerBinary(v int) (string, error) {
	workerBuilds.Lock()
	defer workerBuilds.Unlock()
	if p, ok := workerBuilds.paths[v]; ok {
		return p, nil
	}
	p, err := buildWorker(v)
	if err != nil {
		return "", err
	}
	if workerBuilds.paths == nil {
		workerBuilds.paths = map[int]string{}
	}
	workerBuilds.paths[v] = p
	return p, nil
}

// workerCacheDir is where built workers are kept.
func workerCacheDir() (string, error) {
	if d := os.Getenv("SECTFUZZ_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding a cache directory for the worker (set SECTFUZZ_CACHE): %w", err)
	}
	return filepath.Join(d, "sectfuzz"), nil
}

// llvmConfig runs llvm-config of version v with one query.
func llvmConfig(path string, args ...string) ([]string, error) {
	out, err := exec.Command(path, args...).Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", path, strings.Join(args, " "), err)
	}
	return strings.Fields(string(out)), nil
}

func buildWorker(v int) (string, error) {
	src, err := workerFS.ReadFile(workerSourceName)
	if err != nil {
		return "", err
	}
	cfg, err := FindTool("llvm-config", v)
	if err != nil {
		return "", err
	}
	version, err := llvmConfig(cfg, "--version")
	if err != nil {
		return "", err
	}
	cxxflags, err := llvmConfig(cfg, "--cxxflags")
	if err != nil {
		return "", err
	}
	ldflags, err := llvmConfig(cfg, "--ldflags")
	if err != nil {
		return "", err
	}
	libs, err := llvmConfig(cfg, "--link-shared", "--libs")
	if err != nil {
		return "", err
	}
	libdir, err := llvmConfig(cfg, "--libdir")
	if err != nil || len(libdir) != 1 {
		return "", fmt.Errorf("%s --libdir: %v", cfg, err)
	}
	inc, err := llvmConfig(cfg, "--includedir")
	if err != nil || len(inc) != 1 {
		return "", fmt.Errorf("%s --includedir: %v", cfg, err)
	}
	if _, err := os.Stat(filepath.Join(inc[0], "llvm", "CodeGen", "CommandFlags.h")); err != nil {
		return "", fmt.Errorf("LLVM %d's C++ headers are missing (%v): install llvm-%d-dev (`make deps`)", v, err, v)
	}
	cxx, err := cxxCompiler(v)
	if err != nil {
		return "", err
	}

	// llvm-config of LLVM 14 says -std=c++14; the worker is C++17 for all
	// versions, and the last -std wins.
	args := append([]string{}, cxxflags...)
	args = append(args, "-std=c++17", "-O2", "-w")
	tail := append([]string{}, ldflags...)
	tail = append(tail, libs...)
	tail = append(tail, "-Wl,-rpath,"+libdir[0])

	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%q\x00%q\x00", version, cxx, args, tail)
	h.Write(src)
	sum := hex.EncodeToString(h.Sum(nil))[:16]

	dir, err := workerCacheDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, fmt.Sprintf("llc-worker-%d-%s", v, sum))
	if isExecutable(bin) {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating the worker cache: %w", err)
	}
	tmp, err := os.MkdirTemp(dir, ".build-")
	if err != nil {
		return "", fmt.Errorf("creating a worker build directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	srcPath := filepath.Join(tmp, "worker.cpp")
	if err := os.WriteFile(srcPath, src, 0o644); err != nil {
		return "", err
	}
	out := filepath.Join(tmp, "worker")
	cmdArgs := append(args, "-o", out, srcPath)
	cmdArgs = append(cmdArgs, tail...)
	cmd := exec.Command(cxx, cmdArgs...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the LLVM %d worker (%s): %v\n%s", v, commandLine(cxx, cmdArgs), err, tail40(stderr.String()))
	}
	// Rename is atomic: a concurrent build of the same hash (another test
	// binary) just replaces an identical file.
	if err := os.Rename(out, bin); err != nil {
		return "", fmt.Errorf("installing the worker: %w", err)
	}
	return bin, nil
}

// cxxCompiler is $CXX, else c++ on PATH, else the clang++ of LLVM v
// (installed with clang-<v>, which brings the C++ library headers).
func cxxCompiler(v int) (string, error) {
	if c := os.Getenv("CXX"); c != "" {
		return c, nil
	}
	if c, err := exec.LookPath("c++"); err == nil {
		return c, nil
	}
	c, err := FindTool("clang++", v)
	if err != nil {
		return "", fmt.Errorf("no C++ compiler to build the worker: set CXX, install g++, or install clang-%d (`make deps`): %w", v, err)
	}
	return c, nil
}

// tail40 keeps the last 40 lines of a compiler's complaint.
func tail40(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > 40 {
		lines = append([]string{"... (" + strconv.Itoa(len(lines)-40) + " lines cut)"}, lines[len(lines)-40:]...)
	}
	return strings.Join(lines, "\n")
}

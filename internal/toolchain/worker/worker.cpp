//===- worker.cpp - sectfuzz's persistent llc --------------------------===//
//
// sectfuzz-llc-worker compiles many IR modules in one process, each exactly
// as `llc -mtriple=T -O0 -filetype=obj|asm -o out.o in.ll` of the same LLVM
// would: loading libLLVM and registering its targets (most of llc's ~14 ms)
// happens once, a module then costs tens of microseconds.
//
// Usage: sectfuzz-llc-worker LLC-PATH [llc options...]
//
// Environment: SECTFUZZ_WORKER_REUSE=1 keeps the code generator's passes
// between inputs (see Pipeline); SECTFUZZ_WORKER_RECYCLE=N replaces the
// LLVMContext every N inputs (default 1000).
//
// LLC-PATH is the llc whose messages are reproduced (llc puts its argv[0]
// into some of them); the options are parsed by LLVM's command-line parser
// exactly as llc parses them (e.g. -opaque-pointers for LLVM 14).
//
// Why C++ and not the LLVM-C API: llc's behaviour is defined by C++ code the
// C API cannot reach. codegen::InitTargetOptionsFromCodeGenFlags turns on
// data sections for XCOFF (the C API's LLVMCreateTargetMachine leaves them
// off, which moves every AIX global without a section into its own csect),
// llc's diagnostic handler prints MC-layer errors (DiagnosticInfoSrcMgr) in
// a different form from other errors, which the C API's diagnostic info
// cannot tell apart, and llc verifies the module and overrides its data
// layout in the parser callback. So this file is llc's compileModule
// (llvm/tools/llc/llc.cpp of 14, 19 and 22), minus the options sectfuzz
// never passes, plus the loop. It builds against each version's own headers
// (#if LLVM_VERSION_MAJOR for the API changes between them).
//
// Protocol (stdin -> stdout), one frame per message:
//
//   u32 little-endian header length, header (JSON, ASCII), then the blobs
//   whose lengths the header gives, in the order listed.
//
//   hello    {"id":0,"ready":true,"version":"19.1.7"}
//   request  {"id":N,"filetype":"obj"|"asm","timeout_ms":N,
//             "isolate":b,"triple_len":N,"ir_len":N}  + triple + IR
//   reply    {"id":N,"exit":N,"signal":"","fatal":b,"timeout":b,
//             "stderr_len":N,"output_len":N,"rss_kb":N,"fatals":N}
//                                                      + stderr + output
//
// The reply carries the raw facts llc would have left: its exit status (-1
// with signal "aborted" where llc aborts), its whole stderr, and the object
// (or assembly) it would have written. The Go side classifies them with the
// same function it uses for llc. Stderr is a file the Go side owns, opened
// with O_APPEND as this process's fd 2 and truncated before each request, so
// whatever LLVM writes to errs() lands in it exactly as llc's stderr, and it
// is still there when this process dies.
//
// Failures:
//   - report_fatal_error: the handler writes "LLVM ERROR: <reason>" to
//     stderr as LLVM itself would, then jumps back to the request loop. The
//     context, the module and the pipeline (target machine and passes) of
//     the request are abandoned (leaked, never touched again) and a fresh
//     context is made. Exiting instead would cost a process start and new
//     pipelines (~30 ms) per fatal, and fatals are a large share of fuzzed
//     inputs. The Go side replaces the process above a memory limit.
//   - time limit: SIGALRM writes a prepared timeout reply and exits.
//   - crash (signal): InitLLVM's handler prints the stack dump to stderr as
//     in llc and the process dies; the Go side reads stderr and restarts.
//   - isolate: the request is compiled in a forked child that has no fatal
//     error handler, exactly as llc runs (see compileIsolated). The Go
//     side asks for it when a section string holds a NUL.
//===------------------------------------------------------------------===//

#include "llvm/Config/llvm-config.h"

#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/CodeGen/CommandFlags.h"
#include "llvm/CodeGen/MachineModuleInfo.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/InitializePasses.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Pass.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/PrettyStackTrace.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetLoweringObjectFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#if LLVM_VERSION_MAJOR >= 17
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"
#else
#include "llvm/ADT/Triple.h"
#include "llvm/Support/Host.h"
#endif

#include <csetjmp>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;

static codegen::RegisterCodeGenFlags CGF;

// API differences between the versions this file builds against.
#if LLVM_VERSION_MAJOR >= 18
static const CodeGenOptLevel OptNone = CodeGenOptLevel::None;
static const CodeGenFileType FileObj = CodeGenFileType::ObjectFile;
static const CodeGenFileType FileAsm = CodeGenFileType::AssemblyFile;
#else
static const CodeGenOpt::Level OptNone = CodeGenOpt::None;
static const CodeGenFileType FileObj = CGFT_ObjectFile;
static const CodeGenFileType FileAsm = CGFT_AssemblyFile;
#endif
#if LLVM_VERSION_MAJOR >= 20
using CodeGenTM = TargetMachine;
#else
using CodeGenTM = LLVMTargetMachine;
#endif

// Exit codes, distinct from what a crash or LLVM's own exit(1) gives, so a
// log of the Go side can tell them apart.
enum {
  ExitProtocol = 70, // malformed request or broken pipe
  ExitTimeout = 71,  // the per-input time limit fired
  ExitFatalIdle = 72 // report_fatal_error outside a request
};

static std::string Argv0;  // the llc path llc's messages name
static int ProtoOut = -1;  // the reply pipe (the original stdout)

//===--- framing ----------------------------------------------------===//

static bool readFull(int FD, void *Buf, size_t N) {
  char *P = static_cast<char *>(Buf);
  while (N > 0) {
    ssize_t R = ::read(FD, P, N);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0)
      return false;
    P += R;
    N -= size_t(R);
  }
  return true;
}

static void writeFull(int FD, const char *P, size_t N) {
  while (N > 0) {
    ssize_t W = ::write(FD, P, N);
    if (W < 0 && errno == EINTR)
      continue;
    if (W <= 0)
      _exit(ExitProtocol);
    P += W;
    N -= size_t(W);
  }
}

static void putU32(std::string &S, uint32_t V) {
  char B[4] = {char(V), char(V >> 8), char(V >> 16), char(V >> 24)};
  S.append(B, 4);
}

//===--- stderr capture ---------------------------------------------===//

// stderrText returns what this request wrote to fd 2 so far.
static std::string stderrText() {
  struct stat St;
  if (fstat(2, &St) != 0 || St.st_size <= 0)
    return "";
  std::string S(size_t(St.st_size), '\0');
  ssize_t N = pread(2, &S[0], S.size(), 0);
  S.resize(N > 0 ? size_t(N) : 0);
  return S;
}

static size_t stderrSize() {
  struct stat St;
  return fstat(2, &St) == 0 && St.st_size > 0 ? size_t(St.st_size) : 0;
}

//===--- memory -----------------------------------------------------===//

static long rssKB() {
  FILE *F = fopen("/proc/self/statm", "r");
  if (!F)
    return 0;
  long Size = 0, Resident = 0;
  if (fscanf(F, "%ld %ld", &Size, &Resident) != 2)
    Resident = 0;
  fclose(F);
  return Resident * (sysconf(_SC_PAGESIZE) / 1024);
}

//===--- replies ----------------------------------------------------===//

struct Reply {
  uint64_t ID = 0;
  int Exit = 0;
  const char *Signal = "";
  bool Fatal = false;
  std::string Output;
  // StderrCut, when set, drops stderr written after llc would have exited.
  size_t StderrCut = SIZE_MAX;
};

static long LastRSS = 0;
static uint64_t Served = 0, Fatals = 0;

static void sendReply(const Reply &R) {
  std::string Err = stderrText();
  if (Err.size() > R.StderrCut)
    Err.resize(R.StderrCut);
  if (Served % 32 == 1)
    LastRSS = rssKB();
  char Hdr[320];
  int H = snprintf(Hdr, sizeof Hdr,
                   "{\"id\":%llu,\"exit\":%d,\"signal\":\"%s\",\"fatal\":%s,"
                   "\"timeout\":false,\"stderr_len\":%zu,\"output_len\":%zu,"
                   "\"rss_kb\":%ld,\"fatals\":%llu}",
                   (unsigned long long)R.ID, R.Exit, R.Signal,
                   R.Fatal ? "true" : "false", Err.size(), R.Output.size(),
                   LastRSS, (unsigned long long)Fatals);
  std::string F;
  F.reserve(4 + H + Err.size() + R.Output.size());
  putU32(F, uint32_t(H));
  F.append(Hdr, size_t(H));
  F += Err;
  F += R.Output;
  writeFull(ProtoOut, F.data(), F.size());
}

// The timeout reply is prepared before each request, so the SIGALRM handler
// only has to write(2) it.
static char TimeoutFrame[256];
static size_t TimeoutFrameLen = 0;

static void prepareTimeout(uint64_t ID) {
  char Hdr[200];
  int H = snprintf(Hdr, sizeof Hdr,
                   "{\"id\":%llu,\"exit\":-1,\"signal\":\"\",\"fatal\":false,"
                   "\"timeout\":true,\"stderr_len\":0,\"output_len\":0,"
                   "\"rss_kb\":0,\"fatals\":0}",
                   (unsigned long long)ID);
  uint32_t L = uint32_t(H);
  TimeoutFrame[0] = char(L);
  TimeoutFrame[1] = char(L >> 8);
  TimeoutFrame[2] = char(L >> 16);
  TimeoutFrame[3] = char(L >> 24);
  memcpy(TimeoutFrame + 4, Hdr, size_t(H));
  TimeoutFrameLen = 4 + size_t(H);
}

// Child is the pid of an isolated compile under way (compileIsolated).
static volatile pid_t Child = 0;

static void onAlarm(int) {
  // Only async-signal-safe calls here: the compile may hold malloc's lock.
  if (Child > 0)
    kill(Child, SIGKILL);
  const char *P = TimeoutFrame;
  size_t N = TimeoutFrameLen;
  while (N > 0) {
    ssize_t W = ::write(ProtoOut, P, N);
    if (W <= 0)
      break;
    P += W;
    N -= size_t(W);
  }
  _exit(ExitTimeout);
}

static void setAlarm(unsigned Millis) {
  struct itimerval T;
  memset(&T, 0, sizeof T);
  T.it_value.tv_sec = Millis / 1000;
  T.it_value.tv_usec = (Millis % 1000) * 1000;
  setitimer(ITIMER_REAL, &T, nullptr);
}

//===--- fatal errors -----------------------------------------------===//

static sigjmp_buf FatalJmp;
static volatile bool InRequest = false;
static volatile bool FatalCrashDiag = false;

static void onFatal(void *, const char *Reason, bool GenCrashDiag) {
  // Exactly what report_fatal_error prints when no handler is installed,
  // without allocating: the jump below would leak it.
  static const char Prefix[] = "LLVM ERROR: ";
  ssize_t Ignored = ::write(2, Prefix, sizeof Prefix - 1);
  Ignored = ::write(2, Reason, strlen(Reason));
  Ignored = ::write(2, "\n", 1);
  (void)Ignored;
  if (!InRequest)
    _exit(ExitFatalIdle);
  FatalCrashDiag = GenCrashDiag;
  siglongjmp(FatalJmp, 1);
}

//===--- llc's diagnostic handler -----------------------------------===//

// LLCDiagnosticHandler is llc's: MC-layer errors (DiagnosticInfoSrcMgr)
// print as "<unknown>:0: error: ...", everything else as "error: ...".
struct LLCDiagnosticHandler : public DiagnosticHandler {
  bool *HasError;
  explicit LLCDiagnosticHandler(bool *HasErrorPtr) : HasError(HasErrorPtr) {}
  bool handleDiagnostics(const DiagnosticInfo &DI) override {
    if (DI.getKind() == llvm::DK_SrcMgr) {
      const auto &DISM = cast<DiagnosticInfoSrcMgr>(DI);
      const SMDiagnostic &SMD = DISM.getSMDiag();

      if (SMD.getKind() == SourceMgr::DK_Error)
        *HasError = true;

      SMD.print(nullptr, errs());

      // For testing purposes, we print the LocCookie here.
      if (DISM.isInlineAsmDiag() && DISM.getLocCookie())
        WithColor::note() << "!srcloc = " << DISM.getLocCookie() << "\n";

      return true;
    }

    if (DI.getSeverity() == DS_Error)
      *HasError = true;

    if (auto *Remark = dyn_cast<DiagnosticInfoOptimizationBase>(&DI))
      if (!Remark->isEnabled())
        return true;

    DiagnosticPrinterRawOStream DP(errs());
    errs() << LLVMContext::getDiagnosticMessagePrefix(DI.getSeverity()) << ": ";
    DI.print(DP);
    errs() << "\n";
    return true;
  }
};

//===--- one compile ------------------------------------------------===//

struct Request {
  uint64_t ID = 0;
  bool Asm = false;
  unsigned TimeoutMs = 10000;
  // CrashForTest makes the compile die of a real fault (SIGILL), for the Go
  // side's tests of crash handling.
  bool CrashForTest = false;
  // Isolate compiles in a forked child (compileIsolated).
  bool Isolate = false;
  std::string Triple;
  std::string IR;
};

// The context is reused between requests (creating one costs more than a
// small compile) and replaced every RecycleEvery requests so that what it
// uniques (types, constants, metadata) does not grow without bound.
static LLVMContext *Ctx = nullptr;
static unsigned CtxUses = 0;
static unsigned RecycleEvery = 1000;

static LLVMContext &context() {
  if (Ctx && CtxUses >= RecycleEvery) {
    delete Ctx;
    Ctx = nullptr;
  }
  if (!Ctx) {
    Ctx = new LLVMContext();
    CtxUses = 0;
  }
  ++CtxUses;
  return *Ctx;
}

// Pipeline is what llc builds before it runs: the target machine and the
// legacy pass manager with the code generator's passes, writing into
// Buffer. By default each request gets its own and destroys it, exactly as
// llc does.
//
// Building them costs three times more than running them on a small
// module. With SECTFUZZ_WORKER_REUSE=1 they are kept per (triple, file
// type) and run again on the next module, as `llc -compile-twice` does.
// That relies on the target machine and every pass resetting their
// module-level state between runs, which LLVM does not test across
// different modules and which is not always true (see mayReusePasses); so
// it is not the default.
struct Pipeline {
  SmallVector<char, 0> Buffer;
  std::unique_ptr<raw_svector_ostream> OS;
  std::unique_ptr<TargetMachine> TM;
  std::unique_ptr<legacy::PassManager> PM; // destroyed first: uses TM, OS
  MachineModuleInfoWrapperPass *MMIWP = nullptr; // owned by PM
  // Unsupported: addPassesToEmitFile refused this target and file type.
  bool Unsupported = false;
};

static bool ReusePasses = false;
static std::map<std::string, std::unique_ptr<Pipeline>> Pipelines;
static const size_t MaxPipelines = 64;

// mayReusePasses says whether a kept pipeline gives llc's output for one
// module after another. Found not to (TestWorkerMatchesLLC): for assembly,
// in every version, the ELF object-file lowering keeps numbering `unique`
// sections from where the previous module stopped; in LLVM 22, the COFF
// writer keeps the previous module's string table size when the next one
// has no long names, the z/OS printer writes an ESD record of the previous
// module into the next GOFF object, and the assembly streamer starts the
// next module in the previous one's section.
static bool mayReusePasses(const Triple &T, bool Asm) {
  if (Asm)
    return false;
#if LLVM_VERSION_MAJOR >= 22
  if (T.isOSBinFormatCOFF() || T.isOSBinFormatGOFF())
    return false;
#endif
  (void)T;
  return true;
}

// InUse is the pipeline of the request being compiled. After a fatal error
// it may be in the middle of a module: it is forgotten, never destroyed or
// reused. The other pipelines were not running and stay.
static Pipeline *InUse = nullptr;

static void abandonInUse() {
  for (auto It = Pipelines.begin(); It != Pipelines.end(); ++It)
    if (It->second.get() == InUse) {
      (void)It->second.release();
      Pipelines.erase(It);
      break;
    }
  InUse = nullptr;
}

// llc's reportError: "llc: error: 'in.ll': msg" (the name "llc" is spelled
// out in llc.cpp, unlike the messages that print argv[0]).
static void reportError(const Twine &Msg, StringRef Filename = "") {
  SmallString<256> Prefix;
  if (!Filename.empty())
    ("'" + Twine(Filename) + "': ").toStringRef(Prefix);
  WithColor::error(errs(), "llc") << Prefix << Msg << "\n";
}

static const char InputFilename[] = "in.ll";

// newTargetMachine is llc's InitializeOptions + createTargetMachine.
static std::unique_ptr<TargetMachine>
newTargetMachine(const Target *TheTarget, const Triple &TheTriple) {
  TargetOptions Options = codegen::InitTargetOptionsFromCodeGenFlags(TheTriple);
  Options.BinutilsVersion = TargetMachine::parseBinutilsVersion("");
  Options.MCOptions.ShowMCEncoding = false;
  Options.MCOptions.AsmVerbose = true;
  Options.MCOptions.PreserveAsmComments = true;
#if LLVM_VERSION_MAJOR >= 16
  // -dwarf-directory not given: the target decides.
  Options.MCOptions.MCUseDwarfDirectory = MCTargetOptions::DefaultDwarfDirectory;
#else
  Options.MCOptions.MCUseDwarfDirectory = true;
#endif
  auto RM = codegen::getExplicitRelocModel();
  auto CM = codegen::getExplicitCodeModel();
#if LLVM_VERSION_MAJOR >= 21
  return std::unique_ptr<TargetMachine>(TheTarget->createTargetMachine(
      TheTriple, codegen::getCPUStr(), codegen::getFeaturesStr(), Options, RM,
      CM, OptNone));
#else
  return std::unique_ptr<TargetMachine>(TheTarget->createTargetMachine(
      TheTriple.getTriple(), codegen::getCPUStr(), codegen::getFeaturesStr(),
      Options, RM, CM, OptNone));
#endif
}

// buildPasses is the part of llc after verification: the pass manager with
// the target library info and the code generator writing into P.Buffer.
static void buildPasses(Pipeline &P, const Triple &TT, bool Asm) {
  TargetLibraryInfoImpl TLII(TT);
  P.PM = std::make_unique<legacy::PassManager>();
  P.PM->add(new TargetLibraryInfoWrapperPass(TLII));
  P.OS = std::make_unique<raw_svector_ostream>(P.Buffer);
  CodeGenTM &LLVMTM = static_cast<CodeGenTM &>(*P.TM);
  P.MMIWP = new MachineModuleInfoWrapperPass(&LLVMTM);
  if (P.TM->addPassesToEmitFile(*P.PM, *P.OS, nullptr, Asm ? FileAsm : FileObj,
                                /*DisableVerify=*/false, P.MMIWP))
    P.Unsupported = true;
}

// compile is llc's compileModule for one request; it fills R.Exit and
// R.Output as llc's exit status and output file.
static void compile(const Request &Q, Reply &R) {
  if (Q.CrashForTest)
    __builtin_trap();
  LLVMContext &Context = context();
  bool HasError = false;
  Context.setDiagnosticHandler(std::make_unique<LLCDiagnosticHandler>(&HasError));

  SMDiagnostic Err;
  std::unique_ptr<Module> M;
  Triple TheTriple;
  std::string CPUStr = codegen::getCPUStr(),
              FeaturesStr = codegen::getFeaturesStr();
  // Own is this request's pipeline unless a kept one is used; it goes when
  // the request ends (a fatal error skips that: it is abandoned then).
  std::unique_ptr<Pipeline> Own;
  Pipeline *P = nullptr;
  std::string Key;
  bool LookupFailed = false;

  auto SetDataLayout = [&](StringRef DataLayoutTargetTriple)
#if LLVM_VERSION_MAJOR >= 17
      -> std::optional<std::string> {
#else
      -> Optional<std::string> {
#endif
    // -mtriple is always given.
    std::string IRTargetTriple = Triple::normalize(Q.Triple);
    TheTriple = Triple(IRTargetTriple);
    if (TheTriple.getTriple().empty())
      TheTriple.setTriple(sys::getDefaultTargetTriple());

    Key = TheTriple.getTriple() + (Q.Asm ? "\nasm" : "\nobj");
    bool Keep = ReusePasses && mayReusePasses(TheTriple, Q.Asm);
    if (Keep) {
      auto It = Pipelines.find(Key);
      if (It != Pipelines.end()) {
        P = InUse = It->second.get();
        return P->TM->createDataLayout().getStringRepresentation();
      }
    }

    std::string Error;
    const Target *TheTarget =
        TargetRegistry::lookupTarget(codegen::getMArch(), TheTriple, Error);
    if (!TheTarget) {
      // llc exits here, in the middle of parsing.
      WithColor::error(errs(), Argv0) << Error << "\n";
      LookupFailed = true;
      R.StderrCut = stderrSize();
      return {};
    }

    auto New = std::make_unique<Pipeline>();
    New->TM = newTargetMachine(TheTarget, TheTriple);
    if (Keep) {
      if (Pipelines.size() >= MaxPipelines)
        Pipelines.clear();
      P = InUse = New.get();
      Pipelines[Key] = std::move(New);
    } else {
      Own = std::move(New);
      P = InUse = Own.get();
    }
    return P->TM->createDataLayout().getStringRepresentation();
  };

  // The input is named in.ll, as the file llc reads: the name becomes the
  // module identifier and source_filename, which objects record.
  std::unique_ptr<MemoryBuffer> Buf = MemoryBuffer::getMemBuffer(
      StringRef(Q.IR.data(), Q.IR.size()), InputFilename,
      /*RequiresNullTerminator=*/true);
#if LLVM_VERSION_MAJOR >= 17
  M = parseIR(Buf->getMemBufferRef(), Err, Context,
              ParserCallbacks([&](StringRef TT, StringRef) {
                return SetDataLayout(TT);
              }));
#else
  M = parseIR(Buf->getMemBufferRef(), Err, Context,
              [&](StringRef TT) { return SetDataLayout(TT); });
#endif
  if (LookupFailed) {
    R.Exit = 1;
    return;
  }
  if (!M) {
    Err.print(Argv0.c_str(), WithColor::error(errs(), Argv0));
    R.Exit = 1;
    return;
  }
#if LLVM_VERSION_MAJOR >= 21
  M->setTargetTriple(Triple(Triple::normalize(Q.Triple)));
#else
  M->setTargetTriple(Triple::normalize(Q.Triple));
#endif

#if LLVM_VERSION_MAJOR >= 17
  if (auto CM_IR = M->getCodeModel()) {
    if (!codegen::getExplicitCodeModel()) {
      if (!Own) {
        // The module changes the target machine: not a kept one.
        std::string Error;
        Own = std::make_unique<Pipeline>();
        Own->TM = newTargetMachine(
            TargetRegistry::lookupTarget(codegen::getMArch(), TheTriple, Error),
            TheTriple);
        P = InUse = Own.get();
      }
      P->TM->setCodeModel(*CM_IR);
    }
  }
  if (auto LDT = codegen::getExplicitLargeDataThreshold())
    P->TM->setLargeDataThreshold(*LDT);
#endif
  TargetMachine *Target = P->TM.get();

  if (codegen::getFloatABIForCalls() != FloatABI::Default)
    Target->Options.FloatABIType = codegen::getFloatABIForCalls();

  // llc passes its output file's name down to CodeView.
  Target->Options.ObjectFilenameForDebug = Q.Asm ? "out.s" : "out.o";
#if LLVM_VERSION_MAJOR >= 22
  Target->Options.VerifyArgABICompliance = 0;
#endif

  // Verify module immediately to catch problems before doInitialization() is
  // called on any passes.
  if (verifyModule(*M, &errs())) {
    reportError("input module cannot be verified", InputFilename);
    R.Exit = 1;
    return;
  }

  codegen::setFunctionAttributes(CPUStr, FeaturesStr, *M);

  if (!P->PM)
    buildPasses(*P, Triple(M->getTargetTriple()), Q.Asm);
  if (P->Unsupported) {
    reportError("target does not support generation of this file type");
    R.Exit = 1;
    return;
  }
  const_cast<TargetLoweringObjectFile *>(Target->getObjFileLowering())
      ->Initialize(P->MMIWP->getMMI().getContext(), *Target);

  P->Buffer.clear();
  P->PM->run(*M);

  if (HasError) {
    R.Exit = 1;
    return;
  }
  R.Output.assign(P->Buffer.data(), P->Buffer.size());
  P->Buffer.clear();
}

//===--- isolated compiles ------------------------------------------===//

// signalName spells a signal the way the Go side's os/exec does.
static const char *signalName(int Sig) {
  switch (Sig) {
  case SIGABRT:
    return "aborted";
  case SIGSEGV:
    return "segmentation fault";
  case SIGBUS:
    return "bus error";
  case SIGILL:
    return "illegal instruction";
  case SIGFPE:
    return "floating point exception";
  case SIGTRAP:
    return "trace/breakpoint trap";
  case SIGKILL:
    return "killed";
  }
  return "signal";
}

// compileIsolated compiles Q in a forked child with LLVM's default fatal
// error behaviour, llc's: report_fatal_error prints the whole message and
// aborts (the handler this process installs gets the message as a C
// string, which a NUL in a section string cuts short). Forking the loaded
// process costs about a millisecond, an llc process fifteen. The child
// answers a request that compiles; when it dies, the parent answers with
// its exit status, and its stderr is already in the shared file.
static void compileIsolated(const Request &Q) {
  fflush(nullptr);
  pid_t Pid = fork();
  if (Pid < 0) {
    // No child: answer as llc would if it could not start.
    Reply R;
    R.ID = Q.ID;
    R.Exit = -1;
    R.Signal = "fork failed";
    sendReply(R);
    return;
  }
  if (Pid == 0) {
    remove_fatal_error_handler();
    setAlarm(0); // the parent's timer kills the child
    Reply R;
    R.ID = Q.ID;
    compile(Q, R);
    sendReply(R);
    _exit(0);
  }
  Child = Pid;
  int Status = 0;
  while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR)
    ;
  Child = 0;
  if (WIFEXITED(Status) && WEXITSTATUS(Status) == 0)
    return; // the child answered
  Reply R;
  R.ID = Q.ID;
  if (WIFSIGNALED(Status)) {
    R.Exit = -1;
    R.Signal = signalName(WTERMSIG(Status));
  } else {
    R.Exit = WEXITSTATUS(Status); // report_fatal_error without a crash diag
  }
  R.Fatal = true;
  sendReply(R);
}

//===--- the loop ---------------------------------------------------===//

static bool readRequest(Request &Q) {
  unsigned char L[4];
  if (!readFull(0, L, 4))
    return false;
  uint32_t HLen = uint32_t(L[0]) | uint32_t(L[1]) << 8 | uint32_t(L[2]) << 16 |
                  uint32_t(L[3]) << 24;
  if (HLen > (1u << 20))
    _exit(ExitProtocol);
  std::string H(HLen, '\0');
  if (!readFull(0, &H[0], HLen))
    _exit(ExitProtocol);
  Expected<json::Value> V = json::parse(H);
  if (!V) {
    consumeError(V.takeError());
    _exit(ExitProtocol);
  }
  const json::Object *O = V->getAsObject();
  if (!O)
    _exit(ExitProtocol);
  auto num = [&](StringRef K, int64_t Def) {
    auto X = O->getInteger(K);
    return X ? *X : Def;
  };
  Q.ID = uint64_t(num("id", 0));
  auto FT = O->getString("filetype");
  Q.Asm = FT && *FT == "asm";
  Q.TimeoutMs = unsigned(num("timeout_ms", 10000));
  auto Crash = O->getBoolean("crash_for_test");
  Q.CrashForTest = Crash && *Crash;
  auto Iso = O->getBoolean("isolate");
  Q.Isolate = Iso && *Iso;
  int64_t TL = num("triple_len", -1), IL = num("ir_len", -1);
  if (TL < 0 || IL < 0 || TL > (1 << 20) || IL > (1 << 30))
    _exit(ExitProtocol);
  Q.Triple.assign(size_t(TL), '\0');
  Q.IR.assign(size_t(IL), '\0');
  if ((TL && !readFull(0, &Q.Triple[0], size_t(TL))) ||
      (IL && !readFull(0, &Q.IR[0], size_t(IL))))
    _exit(ExitProtocol);
  return true;
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  if (argc < 2) {
    fprintf(stderr, "usage: %s LLC-PATH [llc options...]\n", argv[0]);
    return 2;
  }
  Argv0 = argv[1];
  if (const char *E = getenv("SECTFUZZ_WORKER_REUSE"))
    ReusePasses = *E && strcmp(E, "0") != 0;
  if (const char *E = getenv("SECTFUZZ_WORKER_RECYCLE"))
    if (unsigned N = unsigned(atoi(E)))
      RecycleEvery = N;

  // The reply pipe is a private copy of stdout; fd 1 goes to /dev/null so
  // nothing LLVM prints can corrupt a frame.
  ProtoOut = dup(1);
  int Null = open("/dev/null", O_WRONLY);
  if (ProtoOut < 0 || Null < 0 || dup2(Null, 1) < 0)
    return ExitProtocol;
  close(Null);

  // What llc's main does before compiling.
  InitializeAllTargets();
  InitializeAllTargetMCs();
  InitializeAllAsmPrinters();
  InitializeAllAsmParsers();
  PassRegistry *Registry = PassRegistry::getPassRegistry();
  initializeCore(*Registry);
  initializeCodeGen(*Registry);
  initializeScalarOpts(*Registry);
  initializeTransformUtils(*Registry);

  std::vector<const char *> Args = {"llc"};
  for (int I = 2; I < argc; ++I)
    Args.push_back(argv[I]);
  cl::ParseCommandLineOptions(int(Args.size()), Args.data(),
                              "sectfuzz llc worker\n");

  install_fatal_error_handler(onFatal, nullptr);
  struct sigaction SA;
  memset(&SA, 0, sizeof SA);
  SA.sa_handler = onAlarm;
  sigaction(SIGALRM, &SA, nullptr);

  {
    std::string Hello = std::string("{\"id\":0,\"ready\":true,\"version\":\"") +
                        LLVM_VERSION_STRING + "\"}";
    std::string F;
    putU32(F, uint32_t(Hello.size()));
    F += Hello;
    writeFull(ProtoOut, F.data(), F.size());
  }

  Request Q;
  while (readRequest(Q)) {
    Reply R;
    R.ID = Q.ID;
    prepareTimeout(Q.ID);
    if (Q.Isolate) {
      setAlarm(Q.TimeoutMs);
      compileIsolated(Q);
      setAlarm(0);
      ++Served;
      continue;
    }
    const void *Pretty = SavePrettyStackState();
    if (sigsetjmp(FatalJmp, 1) == 0) {
      InRequest = true;
      setAlarm(Q.TimeoutMs);
      compile(Q, R);
    } else {
      // report_fatal_error: llc would have aborted here. Whatever the
      // compile built is abandoned mid-use; only a new context is safe.
      RestorePrettyStackState(Pretty);
      Ctx = nullptr;
      abandonInUse();
      ++Fatals;
      R = Reply();
      R.ID = Q.ID;
      R.Fatal = true;
      if (FatalCrashDiag) {
        R.Exit = -1;
        R.Signal = "aborted";
      } else {
        R.Exit = 1;
      }
    }
    setAlarm(0);
    InRequest = false;
    InUse = nullptr;
    ++Served;
    sendReply(R);
  }
  return 0;
}

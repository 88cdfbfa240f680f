#!/usr/bin/env bash
# Installs what sectfuzz needs on a fresh Debian machine, and nothing when it
# is already there: LLVM 14, 19 and 22 (llc, clang, llvm-mc, llvm-readobj,
# lld, FileCheck, lit) from Debian's packages, and the Go modules.
# Idempotent and quiet when everything is installed.
set -euo pipefail

versions=(14 19 22)
need=()
for v in "${versions[@]}"; do
  for tool in llc clang llvm-mc llvm-readobj ld.lld FileCheck llvm-config; do
    [ -x "/usr/lib/llvm-$v/bin/$tool" ] || { need+=("llvm-$v" "clang-$v" "lld-$v" "llvm-$v-tools"); break; }
  done
  # Headers and libLLVM for the persistent worker (internal/toolchain/worker).
  [ -f "/usr/lib/llvm-$v/include/llvm-c/TargetMachine.h" ] || need+=("llvm-$v-dev")
done
[ "${#need[@]}" -eq 0 ] || [ -x /usr/bin/lit-22 ] || need+=("llvm-22-tools")
# GNU as for the assembly road (internal/toolchain/gas.go): x86-64 and
# aarch64 ELF, x86-64 and i686 COFF.
for pair in x86_64-linux-gnu-as:binutils-x86-64-linux-gnu aarch64-linux-gnu-as:binutils-aarch64-linux-gnu \
            x86_64-w64-mingw32-as:binutils-mingw-w64-x86-64 i686-w64-mingw32-as:binutils-mingw-w64-i686; do
  command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
done

if [ "${#need[@]}" -gt 0 ]; then
  pkgs=$(printf '%s\n' "${need[@]}" | sort -u | tr '\n' ' ')
  echo "deps: installing $pkgs"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "deps: need root (or sudo) to apt-get install $pkgs" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
fi

for v in "${versions[@]}"; do
  "/usr/lib/llvm-$v/bin/llc" --version >/dev/null || { echo "deps: llc-$v does not run" >&2; exit 1; }
done
go mod download

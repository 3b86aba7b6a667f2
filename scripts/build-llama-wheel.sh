#!/usr/bin/env bash
# Build llama-cpp-python once into a wheel cache outside the repository, then install it.
#
# PyPI has no binary wheel of llama-cpp-python for this platform, so pip compiles llama.cpp from
# source (about 4.5 minutes on 2 cores). The wheel is kept in the cache and reused by every later
# `make install`, on this machine and by every venv on it.
#
#   scripts/build-llama-wheel.sh [VENV]      (VENV defaults to .venv)
#
# Environment:
#   DINNER_WHEEL_CACHE  where built wheels are kept (default: $HOME/.cache/dinner-wheels)
#   LLAMA_CMAKE_ARGS    CMake flags for the build; the default targets x86-64-v3 (AVX2, FMA,
#                       F16C) without -march=native, whose AMX kernels crash in llama_decode on
#                       the Xeon hosts here. A GPU host sets e.g. "-DGGML_CUDA=on".
#   PIP_LOCK            optional lock file: the install into the venv then runs under flock(1),
#                       for hosts where other jobs install into the same venv at the same time
set -euo pipefail

LLAMA_CPP_PYTHON_VERSION="0.3.36"
VENV="${1:-.venv}"
CACHE="${DINNER_WHEEL_CACHE:-$HOME/.cache/dinner-wheels}"
PIP="$VENV/bin/pip"

DEFAULT_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
# The multimodal helper library, tests and examples are not used here; skipping them saves time.
cmake_args="${LLAMA_CMAKE_ARGS:-$DEFAULT_CMAKE_ARGS} -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"
# Wheels built with other flags live apart: the folder name carries a digest of the flags.
CACHE="$CACHE/llama-cpp-python-$(printf '%s' "$cmake_args" | sha256sum | cut -c1-12)"

# The wheel is tagged py3-none-<platform>: it loads llama.cpp's shared libraries through ctypes.
pattern="llama_cpp_python-${LLAMA_CPP_PYTHON_VERSION}-*-$("$VENV/bin/python" -c \
    'import sysconfig; print(sysconfig.get_platform().replace("-", "_").replace(".", "_"))').whl"

find_wheel() {
    find "$CACHE" -maxdepth 1 -name "$pattern" -print -quit
}

mkdir -p "$CACHE"
# One build at a time per cache, even when two installs start together.
exec 9>"$CACHE/.llama-build.lock"
flock 9
wheel="$(find_wheel)"
if [[ -z "$wheel" ]]; then
    echo "building llama-cpp-python ${LLAMA_CPP_PYTHON_VERSION} (a few minutes, once)" >&2
    build_dir="$(mktemp -d)"
    trap 'rm -rf "$build_dir"' EXIT
    # --no-cache-dir: pip's own wheel cache ignores CMAKE_ARGS and would hand back another build.
    CMAKE_ARGS="$cmake_args" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
        "$PIP" wheel --quiet --no-deps --no-cache-dir -w "$build_dir" \
        "llama-cpp-python==${LLAMA_CPP_PYTHON_VERSION}"
    mv "$build_dir"/llama_cpp_python-*.whl "$CACHE"/
    wheel="$(find_wheel)"
    [[ -n "$wheel" ]] || { echo "no wheel matching $pattern was built" >&2; exit 1; }
fi
flock -u 9

# Skip the install when this very wheel is already in the venv.
marker="$VENV/.llama-cpp-python-wheel"
wheel_sum="$(sha256sum "$wheel" | cut -d' ' -f1)"
if [[ -f "$marker" && "$(cat "$marker")" == "$wheel_sum" ]]; then
    exit 0
fi
lock=()
[[ -z "${PIP_LOCK:-}" ]] || lock=(flock "$PIP_LOCK")
# First its dependencies, then the wheel itself over any other build of the same version.
"${lock[@]}" "$PIP" install --quiet "$wheel"
"${lock[@]}" "$PIP" install --quiet --no-deps --force-reinstall "$wheel"
echo "$wheel_sum" >"$marker"

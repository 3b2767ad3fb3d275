"""The CMake flags that build llama.cpp for this machine's CPU, read from the CPU rather than assumed.

    CMAKE_ARGS="$(python -m agreement_llm.transport.cpu)" pip install --no-cache-dir 'agreement-llm[local]'

llama.cpp's default build (`GGML_NATIVE`, i.e. `-march=native`) crashed at the first decode on this project's
machine: it compiled the AMX matrix path, which the CPU advertises and the virtual machine does not run (field
notes). So the native build stays off, AMX stays off, and every instruction set the CPU reports (`/proc/cpuinfo`)
is switched on by name: AVX2/FMA/F16C everywhere, AVX-512 (with VNNI, VBMI and BF16 where present) and AVX-VNNI
where the CPU has them. Measured on the project's two cores (benchmarks/README.md, "embedded model").

>>> cmake_args({"avx", "avx2", "fma", "f16c", "bmi2"})
'-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF'
>>> "-DGGML_AVX512_VNNI=ON" in cmake_args({"avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_vnni"})
True
"""

from __future__ import annotations

from pathlib import Path

# (CMake option, the /proc/cpuinfo flags it needs)
_OPTIONS: list[tuple[str, set[str]]] = [
    ("GGML_AVX", {"avx"}),
    ("GGML_AVX2", {"avx2"}),
    ("GGML_FMA", {"fma"}),
    ("GGML_F16C", {"f16c"}),
    ("GGML_BMI2", {"bmi2"}),
    ("GGML_AVX_VNNI", {"avx_vnni"}),
    ("GGML_AVX512", {"avx512f", "avx512bw", "avx512dq", "avx512vl"}),
    ("GGML_AVX512_VNNI", {"avx512f", "avx512_vnni"}),
    ("GGML_AVX512_VBMI", {"avx512f", "avx512vbmi"}),
    ("GGML_AVX512_BF16", {"avx512f", "avx512_bf16"}),
]
_OFF = ("GGML_AMX_TILE", "GGML_AMX_INT8", "GGML_AMX_BF16")  # crashed in the VM: never built in


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> set[str]:
    """The instruction-set flags of the first CPU listed (empty when the file cannot be read)."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def cmake_args(flags: set[str]) -> str:
    """CMAKE_ARGS for llama-cpp-python on a CPU with `flags`."""
    on = [f"-D{option}=ON" for option, needs in _OPTIONS if needs <= flags]
    return " ".join(["-DGGML_NATIVE=OFF", *on, *(f"-D{option}=OFF" for option in _OFF)])


if __name__ == "__main__":
    print(cmake_args(cpu_flags()))

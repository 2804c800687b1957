{
  "targets": [
    {
      "target_name": "pipewright_native",
      "sources": ["src/addon.c", "src/napi-args.c", "src/gemm.c", "src/conv.c", "src/pool.c", "src/csr.c", "src/csr-binding.c"],
      "include_dirs": ["/usr/include/openblas"],
      "libraries": ["-lopenblas"],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wextra"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}

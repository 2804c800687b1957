/* Argument decoding for the addon's functions: each helper throws a JS TypeError and returns
 * false on a bad argument, so callers can simply `return NULL`. */
#ifndef PIPEWRIGHT_NAPI_ARGS_H
#define PIPEWRIGHT_NAPI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <node_api.h>

#define PW_MAX_ARGS 12

typedef struct {
  napi_env env;
  size_t argc;
  napi_value argv[PW_MAX_ARGS];
  const char *fn;
} pw_args;

bool pw_args_get(napi_env env, napi_callback_info info, const char *fn, size_t expected,
                 pw_args *out);
/* A Float32Array (or null when nullable); *len is its element count. */
bool pw_arg_f32(pw_args *a, size_t i, bool nullable, float **data, size_t *len);
bool pw_arg_i32s(pw_args *a, size_t i, int32_t **data, size_t *len);
bool pw_arg_int(pw_args *a, size_t i, int32_t *out);
bool pw_arg_float(pw_args *a, size_t i, float *out);
/* Throws a RangeError naming the function; always returns false. */
bool pw_range_error(pw_args *a, const char *what);

#endif

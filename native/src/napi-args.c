#include <stdio.h>

#include "napi-args.h"

static bool type_error(pw_args *a, size_t i, const char *expected) {
  char msg[160];
  snprintf(msg, sizeof msg, "%s: argument %zu must be %s", a->fn, i, expected);
  napi_throw_type_error(a->env, NULL, msg);
  return false;
}

bool pw_range_error(pw_args *a, const char *what) {
  char msg[200];
  snprintf(msg, sizeof msg, "%s: %s", a->fn, what);
  napi_throw_range_error(a->env, NULL, msg);
  return false;
}

bool pw_args_get(napi_env env, napi_callback_info info, const char *fn, size_t expected,
                 pw_args *out) {
  out->env = env;
  out->fn = fn;
  out->argc = PW_MAX_ARGS;
  if (napi_get_cb_info(env, info, &out->argc, out->argv, NULL, NULL) != napi_ok) return false;
  if (out->argc < expected) {
    char msg[120];
    snprintf(msg, sizeof msg, "%s expects %zu arguments, got %zu", fn, expected, out->argc);
    napi_throw_type_error(env, NULL, msg);
    return false;
  }
  return true;
}

static bool typed_array(pw_args *a, size_t i, napi_typedarray_type want, void **data,
                        size_t *len) {
  bool is_ta = false;
  napi_typedarray_type type;
  if (napi_is_typedarray(a->env, a->argv[i], &is_ta) != napi_ok || !is_ta) return false;
  if (napi_get_typedarray_info(a->env, a->argv[i], &type, len, data, NULL, NULL) != napi_ok)
    return false;
  return type == want;
}

bool pw_arg_f32(pw_args *a, size_t i, bool nullable, float **data, size_t *len) {
  napi_valuetype vt;
  napi_typeof(a->env, a->argv[i], &vt);
  if (nullable && (vt == napi_null || vt == napi_undefined)) {
    *data = NULL;
    *len = 0;
    return true;
  }
  void *p = NULL;
  if (!typed_array(a, i, napi_float32_array, &p, len)) return type_error(a, i, "a Float32Array");
  *data = p;
  return true;
}

bool pw_arg_i32s(pw_args *a, size_t i, int32_t **data, size_t *len) {
  void *p = NULL;
  if (!typed_array(a, i, napi_int32_array, &p, len)) return type_error(a, i, "an Int32Array");
  *data = p;
  return true;
}

bool pw_arg_int(pw_args *a, size_t i, int32_t *out) {
  if (napi_get_value_int32(a->env, a->argv[i], out) != napi_ok)
    return type_error(a, i, "a number");
  return true;
}

bool pw_arg_float(pw_args *a, size_t i, float *out) {
  double d;
  if (napi_get_value_double(a->env, a->argv[i], &d) != napi_ok)
    return type_error(a, i, "a number");
  *out = (float)d;
  return true;
}

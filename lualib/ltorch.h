/*
** ltorch.h — what the C files of lualib/ share: tensor and storage userdata,
** argument checking, and error raising.
**
** A tensor userdata is one pointer to a refcounted lt_tensor (so autograd
** nodes and C code can hold tensors too).  It is created in a safe empty
** state (NULL) before anything is allocated, and `<close>` releases the
** tensor early, leaving NULL: using it afterwards is a clear error.  Each
** dtype has its own metatable (torch.DoubleTensor ...) whose __index looks
** string keys up in the type's method table (the table users see as
** torch.DoubleTensor, so they can add methods) and handles indexing for
** other keys.
**
** Conventions for bindings (static int l_<name>(lua_State *L)):
** - this file is the one place that converts Lua's 1-based dims and indices
**   to C's 0-based ones (ltL_checkdim, ltL_checkindex);
** - a failing lt_* call is raised with ltL_check(L, status, first), where
**   `first` is the stack index of the lt_* call's first tensor operand, so the
**   error names the right argument;
** - numbers that must be integers are checked, never truncated.
*/
#ifndef LTORCH_H
#define LTORCH_H

#include "lantern.h"
#include <lauxlib.h>
#include <lua.h>

/* The magic numbers identify our userdata in one comparison: a type check
** is lua_type + lua_rawlen (the block size) + the magic, instead of
** fetching and comparing metatables (which costs several times more on the
** per-call path of every tensor method). */
#define LTL_TENSOR_MAGIC 0x4c616e7465726e54ull   /* "LanternT" */
#define LTL_STORAGE_MAGIC 0x4c616e7465726e53ull  /* "LanternS" */
typedef struct ltL_tensor { lt_tensor *t; uint64_t magic; } ltL_tensor;
typedef struct ltL_storage { lt_storage *s; uint64_t magic; } ltL_storage;

/* ---------------------------------------------------------------- types */
/* Metatable registry keys; index by dtype. */
extern const char *const ltL_tensor_names[LT_NDTYPES];   /* "torch.DoubleTensor" */
extern const char *const ltL_storage_names[LT_NDTYPES];  /* "torch.DoubleStorage" */
void ltL_push_tensor_mt(lua_State *L, lt_dtype dt);
void ltL_push_storage_mt(lua_State *L, lt_dtype dt);
void ltL_push_methods(lua_State *L, lt_dtype dt);        /* torch.<Type>Tensor */
void ltL_push_storage_methods(lua_State *L, lt_dtype dt);

/* The default tensor type (torch.setdefaulttensortype). */
lt_dtype ltL_default_dtype(lua_State *L);

/* --------------------------------------------------------------- tensors */
lt_tensor *ltL_totensor(lua_State *L, int idx);          /* NULL if not a tensor */
/* The tensor userdata at idx (its t is NULL once closed), or NULL. */
ltL_tensor *ltL_touserdata(lua_State *L, int idx);
lt_tensor *ltL_checktensor(lua_State *L, int idx);       /* any dtype */
lt_tensor *ltL_checktensor_of(lua_State *L, int idx, lt_dtype dt);
int ltL_istensor(lua_State *L, int idx);
/* Push a new empty tensor of dtype dt; returns it (owned by the userdata). */
lt_tensor *ltL_newtensor(lua_State *L, lt_dtype dt);
/* Push a userdata for t, taking over the caller's reference. */
void ltL_pushtensor(lua_State *L, lt_tensor *t);
/* Result argument: when the tensor at idx exists, use it (checking dtype);
** else push a new one.  Returns the tensor; *pushed says which. */
lt_tensor *ltL_result(lua_State *L, int idx, lt_dtype dt, int *pushed);

/* -------------------------------------------------------------- storages */
lt_storage *ltL_tostorage(lua_State *L, int idx);
lt_storage *ltL_checkstorage(lua_State *L, int idx);
void ltL_pushstorage(lua_State *L, lt_storage *s);       /* takes the reference */
/* A LongStorage (or a table of integers, or numbers from idx to top) as sizes.
** Returns ndim. */
int ltL_checksizes(lua_State *L, int idx, int64_t *size, const char *what);
/* Push a LongStorage holding n values. */
void ltL_pushlongstorage(lua_State *L, int n, const int64_t *v);

/* ----------------------------------------------------------------- args */
lt_scalar ltL_checkscalar(lua_State *L, int idx);
int ltL_isscalar(lua_State *L, int idx);                 /* a number */
int64_t ltL_checkinteger(lua_State *L, int idx);         /* no truncation */
int64_t ltL_optinteger(lua_State *L, int idx, int64_t def);
/* Lua dim (1-based, negative from the end) -> 0-based; error names arg. */
int ltL_checkdim(lua_State *L, int idx, int ndim);
int ltL_optdim(lua_State *L, int idx, int ndim, int def);
/* Lua index (1-based, negative from the end) into a dim of `size`. */
int64_t ltL_checkindex(lua_State *L, int idx, int64_t size);
/* Push a number of dtype dt (Lua integer for integer types). */
void ltL_pushnumber(lua_State *L, lt_dtype dt, double v, int64_t iv);

/* ---------------------------------------------------------------- errors */
/* If st != LT_OK raise a Lua error naming the argument at first+errarg-1
** (or no argument); never returns then. */
void ltL_check(lua_State *L, lt_status st, int first);
int ltL_error(lua_State *L, const char *fmt, ...);       /* "<function>: message" */
const char *ltL_typename(lua_State *L, int idx);         /* torch.type-like */
/* Raise "invalid arguments (<the argument types>); expected <expected>". */
int ltL_usage(lua_State *L, const char *expected);

/* ---------------------------------------------------------- registration */
/* Add functions to every tensor type's method table / to the torch table
** (at stack index `torch`).  With an upvalue: each function gets the
** integer in `up` (e.g. an opcode) as upvalue 1; pass NULL for none. */
void ltL_addmethods(lua_State *L, const luaL_Reg *l);
void ltL_addfuncs(lua_State *L, int torch, const luaL_Reg *l);
typedef struct ltL_RegOp { const char *name; lua_CFunction fn; int op; } ltL_RegOp;
void ltL_addmethods_op(lua_State *L, const ltL_RegOp *l);
void ltL_addfuncs_op(lua_State *L, int torch, const ltL_RegOp *l);

/* Register a userdata class: the class table torch.<Name> (methods; calling
** it or its `new` constructs, with the dtype as the constructors' upvalue)
** and the userdata metatable, whose __index gets the class table as its
** upvalue.  Metamethods left NULL are not set. */
typedef struct ltL_ClassSpec {
    const char *name;             /* "torch.DoubleTensor" */
    int dtype;
    lua_CFunction construct_call, construct_new, index, newindex, gc, close, len;
    void *methods_key, *mt_key;   /* registry keys (lua_rawsetp) */
} ltL_ClassSpec;
void ltL_newclass(lua_State *L, int torch, const ltL_ClassSpec *c);

/* Each C file of lualib/ registers its part (called from luaopen_libtorch,
** with the torch table at stack index `torch`). */
void ltL_open_tensor(lua_State *L, int torch);
void ltL_open_storage(lua_State *L, int torch);
void ltL_open_math(lua_State *L, int torch);
void ltL_open_reduce(lua_State *L, int torch);
void ltL_open_blas(lua_State *L, int torch);
void ltL_open_index(lua_State *L, int torch);
void ltL_open_random(lua_State *L, int torch);
void ltL_open_create(lua_State *L, int torch);
void ltL_open_utils(lua_State *L, int torch);
void ltL_open_file(lua_State *L, int torch);
void ltL_open_rnn(lua_State *L, int torch);
void ltL_open_lapack(lua_State *L, int torch);
void ltL_open_nn(lua_State *L, int torch);      /* torch._nn: the nn kernels (l_nn.c) */
void ltL_open_pointer(lua_State *L, int torch);   /* l_pointer.c: torch.pointer */
void ltL_open_autograd(lua_State *L, int torch);
void ltL_open_idx(lua_State *L, int torch);      /* torch.readidx (zlib) */
void ltL_open_term(lua_State *L, int torch);     /* isatty, termsize, gnuplot helpers */
void ltL_open_attention(lua_State *L, int torch);  /* l_attention.c: torch._attention */

/* Hooks other files provide for tensor indexing (l_index.c): t[k] and
** t[k] = v for keys that are tables, ByteTensor masks or LongTensors. */
int ltL_index_get(lua_State *L);     /* (t, key) -> value; 0 results = not handled */
int ltL_index_set(lua_State *L);     /* (t, key, value) */

/* Tensor fields that are not methods (l_autograd.c): x.grad; 0 = no such field. */
int ltL_autograd_field(lua_State *L, lt_tensor *t, const char *key);
int ltL_autograd_setfield(lua_State *L, lt_tensor *t, const char *key);   /* value at 3 */
/* Recording helpers shared by the bindings (l_autograd.c); each is a no-op
** unless grad mode is on and an input requires grad. */
lt_status ltL_ag_dot(lt_tensor *r, const lt_tensor *a, const lt_tensor *b);  /* r = a.b, 1 elem */
lt_status ltL_ag_product(int op, lt_tensor *r, const lt_tensor *m1, const lt_tensor *m2,
                         const lt_tensor *c, lt_scalar beta, lt_scalar alpha);
/* A reduction over all elements as a one-element tensor r (recorded). */
lt_status ltL_ag_reduce_all(int op, lt_tensor *r, const lt_tensor *a, lt_scalar p);
/* Should a number-returning op return a recorded tensor instead? */
int ltL_ag_wants(const lt_tensor *a, const lt_tensor *b);
/* Before writing into r: raise if autograd forbids it (a leaf that requires grad...). */
void ltL_ag_prewrite(lua_State *L, const lt_tensor *r, const char *name, int arg);
/* Record a one-input op on r with integer parameters (dims) and an extra
** saved tensor (indices, masks); p: the op's scalar. */
lt_status ltL_ag_record1(int op, lt_tensor *r, const lt_tensor *a, const lt_tensor *extra,
                         lt_scalar p, int niv, const int64_t *iv);

#endif

/*
** l_random.c — random numbers for Lua: torch.Generator, seeding and state,
** scalar draws, tensor fills, rand/randn/randperm/multinomial.
**
** Torch7's calling conventions, which put an optional generator first
** (after the result or self tensor, when there is one):
**
**     torch.manualSeed([gen,] seed)        torch.uniform([gen,] [a, b])
**     torch.rand([res,] [gen,] sizes...)   t:normal([gen,] [mean, std])
**     torch.multinomial([res,] [gen,] probs, n [, replacement])
**
** A torch.Generator is a userdata holding a pointer to an lt_generator;
** new generators keep theirs inline, torch._gen points at the library's
** default generator.  Its metatable's __index is the table of the torch.*
** random functions, so gen:manualSeed(5) is torch.manualSeed(gen, 5).
**
** The scalar functions double as fills: torch.uniform(t, ...) is
** t:uniform(...), as Torch7's dispatch on a first tensor argument did.
** Parameter checks live in tensor/random.c (lt_rng_check); failures are
** raised against the Lua argument that held the offending value.
*/
#include "ltorch.h"
#include <string.h>

#define GEN_NAME "torch.Generator"
#define GEN_MAGIC 0x4c616e7465726e47ull   /* "LanternG" */

typedef struct ltL_gen {
    lt_generator *g;
    uint64_t magic;
    lt_generator own;
} ltL_gen;

static char gen_mt_key;

/* ------------------------------------------------------------ generators */
static lt_generator *togen(lua_State *L, int idx)
{
    ltL_gen *u = lua_touserdata(L, idx);
    if (!u || lua_rawlen(L, idx) != sizeof(ltL_gen) || u->magic != GEN_MAGIC) return NULL;
    return u->g;
}

static ltL_gen *push_gen(lua_State *L)
{
    ltL_gen *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->g = NULL;
    u->magic = GEN_MAGIC;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &gen_mt_key);
    lua_setmetatable(L, -2);
    return u;
}

static int l_generator_new(lua_State *L)       /* torch.Generator() */
{
    ltL_gen *u = push_gen(L);
    lt_rng_init(&u->own);
    u->g = &u->own;
    return 1;
}

static int l_generator_call(lua_State *L)      /* the class table's __call */
{
    if (!lua_isnoneornil(L, 2))
        luaL_argerror(L, 1, "torch.Generator() takes no arguments (seed it with "
                      "gen:manualSeed(seed))");
    lua_settop(L, 0);
    return l_generator_new(L);
}

static int l_generator_tostring(lua_State *L)
{
    lua_pushfstring(L, GEN_NAME ": %p", lua_topointer(L, 1));
    return 1;
}

/* An optional generator at *a: consumed (and *gi set to its index) when
** present, else the default generator (*gi = 0). */
static lt_generator *opt_gen(lua_State *L, int *a, int *gi)
{
    lt_generator *g = togen(L, *a);
    if (g) {
        *gi = (*a)++;
        return g;
    }
    *gi = 0;
    return lt_default_generator();
}

/* ------------------------------------------------------------- arguments */
/* What a bad argument was expected to be: at the generator's slot (no
** generator given there) a generator was possible too. */
static int bad_type(lua_State *L, int idx, const char *what, int genslot)
{
    const char *gen = strstr(what, " or ") ? GEN_NAME ", " : GEN_NAME " or ";
    const char *msg = lua_pushfstring(L, "%s%s expected, got %s", idx == genslot ? gen : "", what,
                                      lua_isnone(L, idx) ? "no value" : ltL_typename(L, idx));
    return luaL_argerror(L, idx, msg);
}

static double checknum(lua_State *L, int idx, int genslot)
{
    if (lua_type(L, idx) != LUA_TNUMBER) bad_type(L, idx, "number", genslot);
    return lua_tonumber(L, idx);
}

static double optnum(lua_State *L, int idx, double def, int genslot)
{
    return lua_isnoneornil(L, idx) ? def : checknum(L, idx, genslot);
}

static int64_t checkint(lua_State *L, int idx, int genslot)
{
    if (lua_type(L, idx) != LUA_TNUMBER) bad_type(L, idx, "integer", genslot);
    return ltL_checkinteger(L, idx);
}

/* Nothing may follow the last argument a form takes. */
static void noextra(lua_State *L, int last, const char *usage)
{
    int top = lua_gettop(L);
    while (top > last && lua_isnil(L, top)) top--;
    if (top > last)
        luaL_argerror(L, last + 1, lua_pushfstring(L, "unexpected argument (usage: %s)", usage));
}

/* Raise a failed call's error against the Lua argument holding operand k
** of the C call: map[k] is its stack index, 0 for none. */
static void check(lua_State *L, lt_status st, const int map[6])
{
    if (st == LT_OK) return;
    if (st == LT_ECANCEL) ltL_check(L, st, 0);
    int arg = lt_errarg();
    if (arg >= 1 && arg <= 5 && map[arg] > 0 && map[arg] <= lua_gettop(L))
        luaL_argerror(L, map[arg], lt_errmsg());
    ltL_error(L, "%s", lt_errmsg());
}

/* Parameter check of a scalar draw: parameter i sits at stack index p[i-1]. */
static void check_params(lua_State *L, lt_rng_dist d, double p1, double p2, int i1, int i2)
{
    int map[6] = { 0, i1, i2, 0, 0, 0 };
    check(L, lt_rng_check(d, p1, p2), map);
}

/* The tensor a function works on when its first argument is one (a fill
** through torch.uniform(t, ...) or t:uniform(...)), else NULL. */
static lt_tensor *self_tensor(lua_State *L)
{
    return ltL_istensor(L, 1) ? ltL_checktensor(L, 1) : NULL;
}

static int return_self(lua_State *L)
{
    lua_settop(L, 1);
    return 1;
}

/* A trailing type name (torch.rand(3, 'torch.FloatTensor')) is removed
** from the stack and returned as a dtype; -1 when absent. */
static int pop_typename(lua_State *L)
{
    int top = lua_gettop(L);
    if (top < 1 || lua_type(L, top) != LUA_TSTRING) return -1;
    const char *s = lua_tostring(L, top);
    for (int d = 0; d < LT_NDTYPES; d++) {
        if (strcmp(s, ltL_tensor_names[d]) == 0) {
            lua_settop(L, top - 1);
            return d;
        }
    }
    return luaL_argerror(L, top, lua_pushfstring(L, "unknown tensor type '%s'", s));
}

/* ---------------------------------------------------- seeds and state */
/* the generator of functions that take nothing else: at 1 or default */
static lt_generator *only_gen(lua_State *L, int *last)
{
    int a = 1, gi;
    lt_generator *g = opt_gen(L, &a, &gi);
    if (!gi && !lua_isnoneornil(L, 1)) bad_type(L, 1, GEN_NAME, 0);
    *last = a - 1;
    return g;
}

static int l_seed(lua_State *L)
{
    int last;
    lt_generator *g = only_gen(L, &last);
    noextra(L, last, "torch.seed([gen])");
    lua_pushinteger(L, (lua_Integer)lt_rng_seed(g));
    return 1;
}

static int l_initialseed(lua_State *L)
{
    int last;
    lt_generator *g = only_gen(L, &last);
    noextra(L, last, "torch.initialSeed([gen])");
    lua_pushinteger(L, (lua_Integer)lt_rng_initial_seed(g));
    return 1;
}

/* Seeds are integers; negative ones are taken modulo 2^64, so the value
** initialSeed() returns always reproduces the stream. */
static int l_manualseed(lua_State *L)
{
    int a = 1, gi;
    lt_generator *g = opt_gen(L, &a, &gi);
    int64_t s = checkint(L, a, 1);
    noextra(L, a, "torch.manualSeed([gen,] seed)");
    lt_rng_manual_seed(g, (uint64_t)s);
    return 0;
}

/* torch.getRNGState([gen] [, state]): a ByteTensor copy of the generator. */
static int l_getrngstate(lua_State *L)
{
    int a = 1, gi;
    lt_generator *g = opt_gen(L, &a, &gi);
    lt_tensor *t;
    int idx;
    noextra(L, a, "torch.getRNGState([gen] [, state])");
    if (!lua_isnoneornil(L, a)) {
        if (!ltL_istensor(L, a)) bad_type(L, a, "torch.ByteTensor", 1);
        t = ltL_checktensor(L, a);
        idx = a;
    } else {
        t = ltL_newtensor(L, LT_BYTE);
        idx = lua_gettop(L);
    }
    int map[6] = { 0, gi, idx, 0, 0, 0 };
    check(L, lt_rng_get_state(g, t), map);
    lua_pushvalue(L, idx);
    return 1;
}

/* torch.setRNGState([gen,] state): returns the state. */
static int l_setrngstate(lua_State *L)
{
    int a = 1, gi;
    lt_generator *g = opt_gen(L, &a, &gi);
    if (!ltL_istensor(L, a)) bad_type(L, a, "torch.ByteTensor", 1);
    lt_tensor *t = ltL_checktensor(L, a);
    noextra(L, a, "torch.setRNGState([gen,] state)");
    int map[6] = { 0, gi, a, 0, 0, 0 };
    check(L, lt_rng_set_state(g, t), map);
    lua_pushvalue(L, a);
    return 1;
}

/* ------------------------------------------- draws with two parameters */
/* torch.f([gen,] [p1, p2]) -> number, or t:f([gen,] [p1, p2]) -> t */
typedef lt_status (*fill2_fn)(lt_tensor *, lt_generator *, double, double);
typedef double (*draw2_fn)(lt_generator *, double, double);

static int two_params(lua_State *L, lt_rng_dist d, double d1, double d2, fill2_fn fill,
                      draw2_fn draw, const char *usage)
{
    lt_tensor *t = self_tensor(L);
    int a = t ? 2 : 1, gi;
    lt_generator *g = opt_gen(L, &a, &gi);
    double p1 = optnum(L, a, d1, gi ? 0 : a), p2 = optnum(L, a + 1, d2, 0);
    noextra(L, a + 1, usage);
    if (t) {
        int map[6] = { 0, 1, gi, a, a + 1, 0 };
        check(L, fill(t, g, p1, p2), map);
        return return_self(L);
    }
    check_params(L, d, p1, p2, a, a + 1);
    lua_pushnumber(L, draw(g, p1, p2));
    return 1;
}

static int l_uniform(lua_State *L)
{
    return two_params(L, LT_RNG_UNIFORM, 0, 1, lt_fill_uniform, lt_rng_uniform,
                      "uniform([gen,] [a, b])");
}

static int l_normal(lua_State *L)
{
    return two_params(L, LT_RNG_NORMAL, 0, 1, lt_fill_normal, lt_rng_normal,
                      "normal([gen,] [mean, std])");
}

static int l_cauchy(lua_State *L)
{
    return two_params(L, LT_RNG_CAUCHY, 0, 1, lt_fill_cauchy, lt_rng_cauchy,
                      "cauchy([gen,] [median, sigma])");
}

static int l_lognormal(lua_State *L)
{
    return two_params(L, LT_RNG_LOG_NORMAL, 1, 2, lt_fill_log_normal, lt_rng_log_normal,
                      "logNormal([gen,] [mean, std])");
}

/* ------------------------------------------------ one-parameter draws */
static int l_exponential(lua_State *L)
{
    lt_tensor *t = self_tensor(L);
    int a = t ? 2 : 1, gi;
    lt_generator *g = opt_gen(L, &a, &gi);
    double lambda = optnum(L, a, 1, gi ? 0 : a);
    noextra(L, a, "exponential([gen,] [lambda])");
    if (t) {
        int map[6] = { 0, 1, gi, a, 0, 0 };
        check(L, lt_fill_exponential(t, g, lambda), map);
        return return_self(L);
    }
    check_params(L, LT_RNG_EXPONENTIAL, lambda, 0, a, 0);
    lua_pushnumber(L, lt_rng_exponential(g, lambda));
    return 1;
}

static int l_geometric(lua_State *L)
{
    lt_tensor *t = self_tensor(L);
    int a = t ? 2 : 1, gi;
    lt_generator *g = opt_gen(L, &a, &gi);
    double p = checknum(L, a, gi ? 0 : a);
    noextra(L, a, "geometric([gen,] p)");
    if (t) {
        int map[6] = { 0, 1, gi, a, 0, 0 };
        check(L, lt_fill_geometric(t, g, p), map);
        return return_self(L);
    }
    check_params(L, LT_RNG_GEOMETRIC, p, 0, a, 0);
    lua_pushinteger(L, lt_rng_geometric(g, p));
    return 1;
}

/* bernoulli([gen,] [p]) and t:bernoulli([gen,] [p | probabilities]) */
static int l_bernoulli(lua_State *L)
{
    lt_tensor *t = self_tensor(L);
    int a = t ? 2 : 1, gi;
    lt_generator *g = opt_gen(L, &a, &gi);
    noextra(L, a, "bernoulli([gen,] [p])");
    if (t && ltL_istensor(L, a)) {
        int map[6] = { 0, 1, gi, a, 0, 0 };
        check(L, lt_fill_bernoulli_tensor(t, g, ltL_checktensor(L, a)), map);
        return return_self(L);
    }
    if (t && lua_type(L, a) != LUA_TNUMBER && !lua_isnoneornil(L, a))
        bad_type(L, a, "number or tensor", gi ? 0 : a);
    double p = optnum(L, a, 0.5, gi ? 0 : a);
    if (t) {
        int map[6] = { 0, 1, gi, a, 0, 0 };
        check(L, lt_fill_bernoulli(t, g, p), map);
        return return_self(L);
    }
    check_params(L, LT_RNG_BERNOULLI, p, 0, a, 0);
    lua_pushinteger(L, lt_rng_bernoulli(g, p));
    return 1;
}

/* random([gen]) -> a 32-bit draw; random([gen,] b) -> [1, b];
** random([gen,] a, b) -> [a, b]; the same forms fill t:random(...). */
static int l_random(lua_State *L)
{
    lt_tensor *t = self_tensor(L);
    int a = t ? 2 : 1, gi;
    lt_generator *g = opt_gen(L, &a, &gi);
    int nb = lua_isnoneornil(L, a) ? 0 : lua_isnoneornil(L, a + 1) ? 1 : 2;
    int64_t lo = 1, hi = 0;
    noextra(L, a + 1, "random([gen,] [a [, b]])");
    if (nb == 1) {
        hi = checkint(L, a, gi ? 0 : a);
        if (hi < 1)
            luaL_argerror(L, a, lua_pushfstring(L, "upper bound must be strictly positive "
                                                "(got %I)", (lua_Integer)hi));
    } else if (nb == 2) {
        lo = checkint(L, a, gi ? 0 : a);
        hi = checkint(L, a + 1, 0);
        if (hi < lo)
            luaL_argerror(L, a + 1, lua_pushfstring(L, "upper bound %I is below lower bound %I",
                                                    (lua_Integer)hi, (lua_Integer)lo));
    }
    if (t) {
        int map[6] = { 0, 1, gi, 0, nb == 2 ? a + 1 : a, 0 };
        check(L, lt_fill_random(t, g, nb > 0, lo, hi), map);
        return return_self(L);
    }
    if (nb == 0) lua_pushinteger(L, lt_rng_random(g));
    else lua_pushinteger(L, lt_rng_random_range(g, lo, hi));
    return 1;
}

/* ------------------------------------------------------ rand and randn */
/* torch.rand([res,] [gen,] sizes... [, typename]), also t:rand(sizes...) */
static int rand_like(lua_State *L, int normal)
{
    int td = pop_typename(L);
    lt_tensor *res = self_tensor(L);
    int a = res ? 2 : 1, gi, ri = 1;
    lt_generator *g = opt_gen(L, &a, &gi);
    int64_t size[LT_MAXDIM];
    int nd = 0;
    if (!lua_isnoneornil(L, a)) {
        if (lua_type(L, a) != LUA_TNUMBER && !lua_istable(L, a) && !ltL_tostorage(L, a))
            bad_type(L, a, "sizes", gi || res ? 0 : a);
        nd = ltL_checksizes(L, a, size, "sizes");
        if (lua_type(L, a) != LUA_TNUMBER)    /* a table or a LongStorage: nothing after */
            noextra(L, a, normal ? "randn([res,] [gen,] sizes...)"
                                 : "rand([res,] [gen,] sizes...)");
    }
    lt_dtype dt = res ? res->dtype : td >= 0 ? (lt_dtype)td : ltL_default_dtype(L);
    if (!lt_dtypes[dt].is_float)
        return ltL_error(L, "%s is only defined for torch.FloatTensor and torch.DoubleTensor, "
                         "got %s", normal ? "randn" : "rand", ltL_tensor_names[dt]);
    if (!res) {
        res = ltL_newtensor(L, dt);
        ri = lua_gettop(L);
    }
    int map[6] = { 0, ri, gi, 0, 0, 0 };
    check(L, lt_resize(res, nd, size), map);
    check(L, normal ? lt_fill_normal(res, g, 0, 1) : lt_fill_uniform(res, g, 0, 1), map);
    lua_pushvalue(L, ri);
    return 1;
}

static int l_rand(lua_State *L) { return rand_like(L, 0); }
static int l_randn(lua_State *L) { return rand_like(L, 1); }

/* torch.randperm([res,] [gen,] n [, typename]): 1 .. n shuffled. */
static int l_randperm(lua_State *L)
{
    int td = pop_typename(L);
    lt_tensor *res = self_tensor(L);
    int a = res ? 2 : 1, gi, ri = 1;
    lt_generator *g = opt_gen(L, &a, &gi);
    int64_t n = checkint(L, a, gi || res ? 0 : a);
    noextra(L, a, "randperm([res,] [gen,] n)");
    if (!res) {
        res = ltL_newtensor(L, td >= 0 ? (lt_dtype)td : ltL_default_dtype(L));
        ri = lua_gettop(L);
    }
    int map[6] = { 0, ri, gi, a, 0, 0 };
    check(L, lt_randperm(res, g, n), map);
    lua_pushvalue(L, ri);
    return 1;
}

/* torch.multinomial([res,] [gen,] probs, n [, replacement]).  As a method
** both Torch7's res:multinomial([gen,] probs, n) and probs:multinomial([gen,]
** n) work: a first tensor followed by another (or by a generator and
** another) is res. */
static int l_multinomial(lua_State *L)
{
    int a = 1, gi = 0, ri = 0, pi;
    lt_generator *g;
    if (ltL_istensor(L, 1) &&
        (ltL_istensor(L, 2) || (togen(L, 2) && ltL_istensor(L, 3)))) {
        ri = 1;
        a = 2;
    }
    if (!ri && ltL_istensor(L, 1) && togen(L, 2)) {     /* probs:multinomial(gen, n) */
        g = togen(L, 2);
        gi = 2;
        pi = 1;
        a = 3;
    } else {
        g = opt_gen(L, &a, &gi);
        if (!ltL_istensor(L, a)) bad_type(L, a, "tensor", gi || ri ? 0 : a);
        pi = a++;
    }
    lt_tensor *probs = ltL_checktensor(L, pi);
    int64_t n = checkint(L, a, 0);
    int repl = 0;
    if (!lua_isnoneornil(L, a + 1)) {
        if (!lua_isboolean(L, a + 1)) bad_type(L, a + 1, "boolean", 0);
        repl = lua_toboolean(L, a + 1);
    }
    noextra(L, a + 1, "multinomial([res,] [gen,] probs, n [, replacement])");
    lt_tensor *res;
    if (ri) {
        res = ltL_checktensor(L, ri);
    } else {
        res = ltL_newtensor(L, LT_LONG);
        ri = lua_gettop(L);
    }
    int map[6] = { 0, ri, gi, pi, a, a + 1 };
    check(L, lt_multinomial(res, g, probs, n, repl), map);
    lua_pushvalue(L, ri);
    return 1;
}

/* ------------------------------------------------------------ register */
static const luaL_Reg funcs[] = {
    { "seed", l_seed }, { "initialSeed", l_initialseed }, { "manualSeed", l_manualseed },
    { "getRNGState", l_getrngstate }, { "setRNGState", l_setrngstate },
    { "random", l_random }, { "uniform", l_uniform }, { "normal", l_normal },
    { "exponential", l_exponential }, { "cauchy", l_cauchy }, { "logNormal", l_lognormal },
    { "geometric", l_geometric }, { "bernoulli", l_bernoulli },
    { "rand", l_rand }, { "randn", l_randn }, { "randperm", l_randperm },
    { "multinomial", l_multinomial }, { NULL, NULL }
};

static const luaL_Reg methods[] = {
    { "random", l_random }, { "uniform", l_uniform }, { "normal", l_normal },
    { "exponential", l_exponential }, { "cauchy", l_cauchy }, { "logNormal", l_lognormal },
    { "geometric", l_geometric }, { "bernoulli", l_bernoulli },
    { "rand", l_rand }, { "randn", l_randn }, { "randperm", l_randperm },
    { "multinomial", l_multinomial }, { NULL, NULL }
};

void ltL_open_random(lua_State *L, int torch)
{
    ltL_addfuncs(L, torch, funcs);
    ltL_addmethods(L, methods);

    /* torch.Generator: a callable class table that also holds the methods */
    lua_newtable(L);
    luaL_setfuncs(L, funcs, 0);
    lua_pushcfunction(L, l_generator_new);
    lua_setfield(L, -2, "new");
    lua_pushstring(L, GEN_NAME);
    lua_setfield(L, -2, "__typename");
    lua_newtable(L);
    lua_pushcfunction(L, l_generator_call);
    lua_setfield(L, -2, "__call");
    lua_pushstring(L, GEN_NAME);
    lua_setfield(L, -2, "__typename");
    lua_setmetatable(L, -2);
    int cls = lua_gettop(L);

    luaL_newmetatable(L, GEN_NAME);
    lua_pushvalue(L, cls);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_generator_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushstring(L, GEN_NAME);
    lua_setfield(L, -2, "__typename");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &gen_mt_key);
    lua_setfield(L, torch, "Generator");

    /* torch._gen: the default generator, as in Torch7 */
    ltL_gen *u = push_gen(L);
    u->g = lt_default_generator();
    lua_setfield(L, torch, "_gen");
}

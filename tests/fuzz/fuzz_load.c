/*
** fuzz_load.c — libFuzzer harness for the file loaders: every input is
** handed to torch.deserialize (binary and ascii), the .npy reader and the
** safetensors reader, each from a MemoryFile.  A Lua error is the expected
** outcome for bad input; a crash, a sanitizer report, a hang or an
** allocation over -malloc_limit_mb is a bug, and so is an object that
** loads but does not save and load again (binary and ascii).
**
** Build and run: make fuzz (FUZZ_TIME=seconds, default 60).  The Lua
** modules are found in LT_FUZZ_LUA_DIR (the fuzz build directory).
*/
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int luaopen_libtorch(lua_State *L);

static const char *const driver =
    "package.path = ... .. '/?.lua;' .. ... .. '/?/init.lua'\n"
    "local torch = require 'torch'\n"
    "local npy = require 'torch.npy'\n"
    "local st = require 'torch.safetensors'\n"
    /* whatever loads must save and load again: the writer and the reader agree */
    "local function again(obj, mode)\n"
    "   local ok, s = pcall(torch.serialize, obj, mode)\n"
    "   if not ok then fuzz_fail('serialize of a loaded object failed: ' .. tostring(s)) end\n"
    "   local ok2, err = pcall(torch.deserialize, s, mode)\n"
    "   if not ok2 then fuzz_fail('reload failed: ' .. tostring(err)) end\n"
    "end\n"
    "return function(data)\n"
    "   for _, mode in ipairs({ 'binary', 'ascii' }) do\n"
    "      local ok, obj = pcall(torch.deserialize, data, mode)\n"
    "      if ok then again(obj, 'binary'); again(obj, 'ascii') end\n"
    "   end\n"
    "   pcall(torch.deserialize, data, 'binary', { referenced = false })\n"
    "   pcall(npy.read, torch.MemoryFile(data, 'r'))\n"
    "   pcall(st.read, torch.MemoryFile(data, 'r'))\n"
    "end\n";

static lua_State *L;
static int calls;

static int fuzz_fail(lua_State *L1)
{
    fprintf(stderr, "fuzz_load: %s\n", luaL_checkstring(L1, 1));
    abort();
}

static void setup(void)
{
    L = luaL_newstate();
    luaL_openlibs(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, luaopen_libtorch);
    lua_setfield(L, -2, "libtorch");
    lua_pop(L, 1);
    lua_register(L, "fuzz_fail", fuzz_fail);
    if (luaL_loadstring(L, driver) != LUA_OK) abort();
    lua_pushstring(L, LT_FUZZ_LUA_DIR);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        fprintf(stderr, "fuzz_load: %s\n", lua_tostring(L, -1));
        abort();
    }
    lua_setglobal(L, "fuzz_one");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!L) setup();
    lua_getglobal(L, "fuzz_one");
    lua_pushlstring(L, (const char *)data, size);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) lua_pop(L, 1);   /* e.g. out of memory */
    if (++calls % 64 == 0) lua_gc(L, LUA_GCCOLLECT, 0);
    return 0;
}

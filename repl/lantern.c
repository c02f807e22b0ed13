/*
** lantern.c — the lantern executable (minimal until the REPL issue):
** runs a script file with `arg` set as lua.c does, or `-e stmt`.
*/
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>

int luaopen_libtorch(lua_State *L);

static int traceback(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    return 1;
}

static int report(lua_State *L, int status)
{
    if (status != LUA_OK) {
        fprintf(stderr, "lantern: %s\n", lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    return status;
}

static int docall(lua_State *L, int narg, int nres)
{
    int base = lua_gettop(L) - narg;
    lua_pushcfunction(L, traceback);
    lua_insert(L, base);
    int status = lua_pcall(L, narg, nres, base);
    lua_remove(L, base);
    return status;
}

/* package.path/cpath: the directory of the executable first */
static void set_paths(lua_State *L)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return;
    *slash = '\0';
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "path");
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;%s", exe, exe, lua_tostring(L, -1));
    lua_setfield(L, -3, "path");
    lua_pop(L, 1);
    lua_getfield(L, -1, "preload");
    lua_pushcfunction(L, luaopen_libtorch);
    lua_setfield(L, -2, "libtorch");
    lua_pop(L, 2);
}

int main(int argc, char **argv)
{
    lua_State *L = luaL_newstate();
    if (!L) return 1;
    luaL_openlibs(L);
    set_paths(L);
    lua_getglobal(L, "require");
    lua_pushstring(L, "torch");
    if (report(L, docall(L, 1, 1))) return 1;
    lua_setglobal(L, "torch");
    int status = LUA_OK, ran_e = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) {
            status = luaL_loadstring(L, argv[++i]);
            if (status == LUA_OK) status = docall(L, 0, 0);
            if (report(L, status)) return 1;
            ran_e = 1;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "usage: lantern [-e stmt] [script [args]]\n");
            return 1;
        }
    }
    if (i < argc) {
        lua_createtable(L, argc - i, i + 1);
        for (int k = 0; k < argc; k++) {
            lua_pushstring(L, argv[k]);
            lua_rawseti(L, -2, k - i);
        }
        lua_setglobal(L, "arg");
        status = luaL_loadfile(L, argv[i]);
        if (status == LUA_OK) {
            int nargs = argc - i - 1;
            for (int k = i + 1; k < argc; k++) lua_pushstring(L, argv[k]);
            status = docall(L, nargs, 0);
        }
        if (report(L, status)) return 1;
    } else if (!ran_e) {
        if (isatty(0)) {
            fprintf(stderr, "usage: lantern [-e stmt] [script [args]]\n"
                            "       echo 'print(torch.rand(2))' | lantern\n");
            lua_close(L);
            return 1;
        }
        status = luaL_loadfilex(L, NULL, "t");   /* a script on stdin */
        if (status == LUA_OK) status = docall(L, 0, 0);
        if (report(L, status)) return 1;
    }
    lua_close(L);
    return 0;
}

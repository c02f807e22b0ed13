#include "ltorch.h"
void ltL_open_index(lua_State *L, int torch) { (void)L; (void)torch; }
int ltL_index_get(lua_State *L) { (void)L; return 0; }
int ltL_index_set(lua_State *L) { return luaL_error(L, "unsupported index"); }

#include "ltorch.h"
void ltL_open_reduce(lua_State *L, int torch) { (void)L; (void)torch; }

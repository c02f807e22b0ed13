/*
** l_pointer.c — torch.pointer(obj): the address of the C object behind a
** tensor or storage, as an integer.
**
** Two tensor userdata can view one storage, and each call to t:storage()
** pushes a fresh userdata, so Lua cannot tell from the userdata alone
** whether two tensors share memory.  Torch7 code (nn's getParameters,
** serializers) keys tables on torch.pointer(t:storage()) for that; this file
** gives the same answer: equal integers exactly when the lt_storage (or
** lt_tensor) is the same object.  For any other value it is the address Lua
** reports (lua_topointer), 0 for values that have none.  The serializer
** (torch.File) uses it too, to write a shared storage once.
*/
#include "ltorch.h"

#include <stdint.h>

static int l_pointer(lua_State *L)
{
    luaL_checkany(L, 1);
    const void *p;
    ltL_tensor *ut = ltL_touserdata(L, 1);
    lt_storage *s;
    if (ut) p = ut->t;
    else if ((s = ltL_tostorage(L, 1))) p = s;
    else p = lua_topointer(L, 1);
    lua_pushinteger(L, (lua_Integer)(intptr_t)p);
    return 1;
}

void ltL_open_pointer(lua_State *L, int torch)
{
    lua_pushcfunction(L, l_pointer);
    lua_setfield(L, torch, "pointer");
}

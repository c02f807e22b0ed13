-- torch/init.lua — the Lua half of the torch module.
--
-- The C half (libtorch) defines the tensor and storage types and their
-- math; this file adds what is written in Lua and returns the same table.
-- It sets no globals except the Torch7-era prelude (`unpack`, `loadstring`,
-- and a few library functions 5.4 dropped), only where Lua 5.4 lacks them.
local torch = require 'libtorch'
package.loaded.torch = torch   -- the Lua parts below require 'torch' too
-- Keep the table registered under one name only: Lua names a function in an
-- error message after the first loaded module it finds it in, and
-- "libtorch.normal" would mean nothing to a user.  A later require
-- 'libtorch' still gets this table, not a second copy of the types.
package.loaded.libtorch = nil
package.preload.libtorch = function() return torch end

require 'torch.prelude'

require 'torch.class'

torch.Tensor = torch.DoubleTensor
torch.Storage = torch.DoubleStorage
do
   local set = torch.setdefaulttensortype
   function torch.setdefaulttensortype(name)
      set(name)
      local short = name:match('^torch%.(%a+)Tensor$')
      torch.Tensor = torch[short .. 'Tensor']
      torch.Storage = torch[short .. 'Storage']
   end
end

require 'torch.print'
require 'torch.Tester'
require 'torch.CmdLine'
require 'torch.autograd'
require 'torch.File'
require 'torch.npy'
require 'torch.safetensors'

return torch

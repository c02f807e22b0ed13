-- nn/utils.lua — helpers shared by the modules: type conversion and deep
-- copies that keep storage sharing, table-aware tensor helpers, shape text
-- for error messages.
--
-- Sharing matters: after getParameters every weight is a view into one flat
-- storage, and module:float() or module:clone() must give views into one
-- new flat storage, not a separate copy per weight.  Both walks therefore
-- keep a cache keyed on torch.pointer(storage): the first tensor seen on a
-- storage converts or copies the whole storage, later ones only re-view it.
local torch = require 'torch'
local nn = require 'nn.env'

local utils = {}
nn.utils = utils

-- "2x3x4" for a tensor, "a table" for a table (messages only)
function utils.shape(t)
   if torch.isTensor(t) then
      if t:dim() == 0 then return 'empty' end
      local s = {}
      for i = 1, t:dim() do s[i] = tostring(t:size(i)) end
      return table.concat(s, 'x')
   end
   return torch.type(t)
end

-- Raise "<where>: <msg>" at the caller of the module method.
function utils.error(where, fmt, ...)
   error(where .. ': ' .. string.format(fmt, ...), 3)
end

local INTEGRAL_NAMES = { ['torch.ByteTensor'] = true, ['torch.CharTensor'] = true,
                         ['torch.ShortTensor'] = true, ['torch.IntTensor'] = true,
                         ['torch.LongTensor'] = true }

-- The input of a tensor module must be a floating-point tensor.
function utils.checkTensor(where, x, what)
   if not torch.isTensor(x) then
      error(string.format('%s: %s must be a tensor (got %s)', where, what or 'input',
                          torch.type(x)), 3)
   end
   if INTEGRAL_NAMES[torch.typename(x)] then
      error(string.format('%s: %s must be a floating-point tensor (got %s; convert it with '
                          .. ':double() or :float())', where, what or 'input',
                          torch.typename(x)), 3)
   end
end

local function storageCtor(storage, tensorType)
   local short = tensorType:match('^torch%.(%a+)Tensor$')
   return torch[short .. 'Storage'], torch[short .. 'Tensor']
end

-- A tensor of type `typename` viewing the converted (or copied) storage.
local function convertTensor(t, typename, cache, forceCopy)
   if torch.typename(t) == typename and not forceCopy then return t end
   local Tensor = select(2, storageCtor(nil, typename))
   if not Tensor then error('nn: unknown tensor type ' .. tostring(typename), 3) end
   local s = t:storage()
   if not s then return Tensor() end
   local key = torch.pointer(s)
   local ns = cache[key]
   if not ns then
      local flat = t.new():set(s)
      ns = Tensor(flat:nElement()):copy(flat):storage()
      cache[key] = ns
   end
   return Tensor():set(ns, t:storageOffset(), t:size(), t:stride())
end

-- Integer tensors (masks, indices) keep their type: module:float() is about
-- the numbers a module computes with, and a LongTensor of indices must stay
-- one (Torch7 needed a :type override in every module holding indices).
local INTEGRAL = { ['torch.ByteTensor'] = true, ['torch.CharTensor'] = true,
                   ['torch.ShortTensor'] = true, ['torch.IntTensor'] = true,
                   ['torch.LongTensor'] = true }

-- Convert every floating-point tensor reachable from `param` (tensors,
-- tables, modules) to `typename`, keeping views of one storage views of one
-- new storage.
function utils.recursiveType(param, typename, cache)
   cache = cache or {}
   if torch.isTensor(param) then
      if INTEGRAL[torch.typename(param)] then return param end
      return convertTensor(param, typename, cache, false)
   elseif torch.isTypeOf(param, 'nn.Module') then
      param:type(typename, cache)
   elseif type(param) == 'table' and getmetatable(param) == nil then
      for k, v in pairs(param) do param[k] = utils.recursiveType(v, typename, cache) end
   end
   return param
end

-- A deep copy of `obj`: tables (with their metatables, which are classes
-- and stay shared), tensors (new storages, sharing kept), storages.
-- Functions and other values are shared.  Cycles are handled.
function utils.deepcopy(obj, memo)
   memo = memo or { tables = {}, storages = {} }
   if torch.isTensor(obj) then
      local s = obj:storage()
      if not s then return obj.new() end
      local key = torch.pointer(s)
      local ns = memo.storages[key]
      if not ns then
         local flat = obj.new():set(s)
         ns = flat:clone():storage()
         memo.storages[key] = ns
      end
      return obj.new():set(ns, obj:storageOffset(), obj:size(), obj:stride())
   elseif torch.typename(obj) and torch.typename(obj):match('^torch%.%a+Storage$') then
      local key = torch.pointer(obj)
      if not memo.storages[key] then
         local ctor = torch[torch.typename(obj):match('^torch%.(%a+)$')]
         memo.storages[key] = ctor(obj:size()):copy(obj)
      end
      return memo.storages[key]
   elseif type(obj) == 'table' then
      if memo.tables[obj] then return memo.tables[obj] end
      local copy = {}
      memo.tables[obj] = copy
      for k, v in pairs(obj) do
         copy[utils.deepcopy(k, memo)] = utils.deepcopy(v, memo)
      end
      return setmetatable(copy, getmetatable(obj))
   end
   return obj
end

-- Table-aware tensor helpers (Torch7's nn.utils.recursive*)
function utils.recursiveResizeAs(t1, t2)
   if type(t2) == 'table' then
      t1 = type(t1) == 'table' and t1 or {}
      for k, v in pairs(t2) do t1[k], t2[k] = utils.recursiveResizeAs(t1[k], v) end
      for k in pairs(t1) do if t2[k] == nil then t1[k] = nil end end
   elseif torch.isTensor(t2) then
      t1 = torch.isTensor(t1) and t1 or t2.new()
      t1:resizeAs(t2)
   else
      error('nn.utils.recursiveResizeAs: expecting nested tensors or tables (got '
            .. torch.type(t1) .. ' and ' .. torch.type(t2) .. ')', 2)
   end
   return t1, t2
end

function utils.recursiveFill(t2, val)
   if type(t2) == 'table' then
      for k, v in pairs(t2) do t2[k] = utils.recursiveFill(v, val) end
   elseif torch.isTensor(t2) then
      t2:fill(val)
   else
      error('nn.utils.recursiveFill: expecting tensor or table (got ' .. torch.type(t2) .. ')', 2)
   end
   return t2
end

function utils.recursiveAdd(t1, val, t2)
   if not t2 then val, t2 = 1, val end
   if type(t1) == 'table' and type(t2) == 'table' then
      for k, v in pairs(t2) do t1[k] = utils.recursiveAdd(t1[k], val, v) end
   elseif torch.isTensor(t1) and torch.isTensor(t2) then
      t1:add(val, t2)
   else
      error('nn.utils.recursiveAdd: expecting nested tensors or tables (got '
            .. torch.type(t1) .. ' and ' .. torch.type(t2) .. ')', 2)
   end
   return t1, t2
end

function utils.recursiveCopy(t1, t2)
   if type(t2) == 'table' then
      t1 = type(t1) == 'table' and t1 or {}
      for k, v in pairs(t2) do t1[k] = utils.recursiveCopy(t1[k], v) end
      for k in pairs(t1) do if t2[k] == nil then t1[k] = nil end end
   elseif torch.isTensor(t2) then
      t1 = torch.isTensor(t1) and t1 or t2.new()
      t1:resizeAs(t2):copy(t2)
   else
      error('nn.utils.recursiveCopy: expecting nested tensors or tables (got '
            .. torch.type(t1) .. ' and ' .. torch.type(t2) .. ')', 2)
   end
   return t1
end

-- A table layer's input must be a table of tensors, at least `min` long.
function utils.checkTable(where, x, min)
   if type(x) ~= 'table' then
      error(string.format('%s: input must be a table of tensors (got %s)', where, torch.type(x)), 3)
   end
   if min and #x < min then
      error(string.format('%s: input has %d elements, expected at least %d', where, #x, min), 3)
   end
   for i = 1, #x do
      if not torch.isTensor(x[i]) then
         error(string.format('%s: element %d of the input must be a tensor (got %s)', where, i,
                             torch.type(x[i])), 3)
      end
   end
end

-- x (tensor or nested table) with the structure of `like`, filled with 0
function utils.zeroLike(x, like)
   if torch.isTensor(like) then
      x = torch.isTensor(x) and x or like.new()
      return x:resizeAs(like):zero()
   end
   x = type(x) == 'table' and x or {}
   for k, v in ipairs(like) do x[k] = utils.zeroLike(x[k], v) end
   for k = #like + 1, #x do x[k] = nil end
   return x
end

-- self[name] = (x <op> val) as 0/1 in x's type (op: 'gt', 'ge', 'lt', 'le'),
-- reusing the buffers between calls.
function utils.mask(self, name, x, op, val)
   local bytes = name .. 'Bytes'
   -- a ByteTensor even after :float()/:type() converted the module's fields
   if torch.type(self[bytes]) ~= 'torch.ByteTensor' then self[bytes] = torch.ByteTensor() end
   torch[op](self[bytes], x, val)
   self[name] = torch.isTensor(self[name]) and self[name] or x.new()
   self[name]:resizeAs(x):copy(self[bytes])
   return self[name]
end

-- Replace the named fields with empty tensors/tables (clearState).
function utils.clear(self, ...)
   local names = { ... }
   if type(names[1]) == 'table' then names = names[1] end
   for _, f in ipairs(names) do
      local v = self[f]
      if torch.isTensor(v) then self[f] = v.new()
      elseif type(v) == 'table' then self[f] = {}
      elseif v ~= nil then self[f] = nil end
   end
   return self
end

return utils

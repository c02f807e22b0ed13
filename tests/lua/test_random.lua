-- Random numbers: Torch7's generator, draws, fills, state and errors.
--
-- How the reference values were derived:
-- * torch.manualSeed(123) then torch.uniform() x3: Torch7's documentation
--   (doc/random.md) prints 0.69646918727085, 0.71295532141812, 0.28613933874294.
-- * Everything else: Python, taking the raw MT19937 words from numpy
--   (np.random.RandomState(s).randint(0, 2**32, dtype=np.uint64), i.e.
--   init_genrand(s) and one 32-bit word per draw, checked against the
--   reference stream of init_genrand(5489): 3499211612, 581869302, ...) and
--   applying Torch7's formulas (lib/TH/THRandom.c, THTensorRandom.c,
--   TensorMath.lua) in double: uniform = w * 2^-32; normal = Box-Muller,
--   rho = sqrt(-2 log(1 - u2)), rho*cos(2 pi u1) then rho*sin(2 pi u1);
--   bernoulli = (u <= p); geometric = floor(log(1-u)/log(p)) + 1;
--   exponential = -1/lambda * log(1-u); cauchy = m + s*tan(pi*(u-0.5));
--   random(b) = w % b + 1; random(a, b) = w % (b+1-a) + a; randperm swaps
--   r[i] with r[i + w % (n-i)]; multinomial is Torch7's binary search on the
--   normalised cumulative distribution.  Values printed with repr() (exact
--   doubles), compared exactly (tolerance 0) unless stated.
local tester = torch.Tester()
local tests = torch.TestSuite()

-- before anything draws: the startup seed reproduces the startup stream
local startup_seed = torch.initialSeed()
local startup_draw = torch.random()

local function list(t)
   local out = {}
   for i, v in ipairs(t:totable()) do out[i] = v end
   return out
end

function tests.startup_seed()
   tester:eq(math.type(startup_seed), 'integer', 'initialSeed is an integer')
   torch.manualSeed(startup_seed)
   tester:eq(torch.random(), startup_draw, 'the startup seed reproduces the startup stream')
end

function tests.torch7_documentation_values()
   torch.manualSeed(123)
   tester:eq(torch.uniform(), 0.69646918727085, 'uniform 1', 5e-15)
   tester:eq(torch.uniform(), 0.71295532141812, 'uniform 2', 5e-15)
   tester:eq(torch.uniform(), 0.28613933874294, 'uniform 3', 5e-15)
   torch.manualSeed(torch.initialSeed())
   tester:eq(torch.uniform(), 0.6964691872708499, 'manualSeed(initialSeed()) restarts')
end

function tests.reference_rand_randn_normal()
   torch.manualSeed(1)
   tester:eq(list(torch.rand(3)), { 0.4170219984371215, 0.99718480813317, 0.720324489288032 })
   torch.manualSeed(1)
   tester:eq(list(torch.randn(5)), { -2.9718290309304063, 1.7069510634116105, -0.430498971038916,
                                    -2.282022417030148, 0.5236573493744391 })
   torch.manualSeed(7)
   tester:eq({ torch.normal(2, 3), torch.normal(2, 3), torch.normal(2, 3) },
             { 3.9116917847009844, 2.993933631902631, 2.4914179114592896 })
   -- a FloatTensor gets the double rounded to float
   torch.manualSeed(1)
   local f = torch.FloatTensor(3):uniform()
   tester:eq(list(f), { 0.4170219898223877, 0.9971848130226135, 0.7203245162963867 })
   -- uniform(a, b) scales the same words
   torch.manualSeed(1)
   tester:eq(torch.uniform(-1, 3), 0.4170219984371215 * 4 - 1)
end

function tests.reference_discrete()
   torch.manualSeed(1)
   tester:eq(list(torch.Tensor(8):bernoulli(0.3)), { 0, 0, 0, 0, 1, 1, 0, 0 }, 'bernoulli')
   torch.manualSeed(1)
   tester:eq(list(torch.randperm(10)), { 6, 7, 2, 3, 1, 9, 10, 4, 8, 5 }, 'randperm')
   torch.manualSeed(1)
   local p = torch.Tensor({ 0.1, 0.2, 0.3, 0.4 })
   tester:eq(list(torch.multinomial(p, 8, true)), { 3, 4, 4, 4, 1, 2, 3, 4 }, 'with replacement')
   torch.manualSeed(1)
   tester:eq(list(torch.multinomial(p, 4)), { 3, 4, 2, 1 }, 'without replacement')
   torch.manualSeed(1)
   tester:eq(torch.multinomial(torch.Tensor({ { 1, 2, 3 }, { 3, 0, 1 } }), 2):totable(),
             { { 2, 3 }, { 1, 3 } }, '2D, unnormalised rows')
   torch.manualSeed(1)
   tester:eq({ torch.random(), torch.random(), torch.random() },
             { 1791095845, 4282876139, 3093770124 }, 'raw 32-bit draws')
   torch.manualSeed(1)
   tester:eq(list(torch.Tensor(5):random(10)), { 6, 10, 5, 9, 4 }, 'random(10)')
   torch.manualSeed(1)
   tester:eq(list(torch.Tensor(5):random(-5, 5)), { -5, -2, 0, -5, -2 }, 'random(-5, 5)')
   torch.manualSeed(1)
   tester:eq({ torch.random(10), torch.random(-5, 5) }, { 10 - 4, -2 }, 'scalar ranges')
   torch.manualSeed(1)
   tester:eq(list(torch.ByteTensor(4):random()), { 37, 235, 140, 72 }, 'Byte: w % 256')
   tester:eq(list(torch.CharTensor(4):random()), { 127, 9, 75, 5 }, 'Char: w % 128 (continued)')
   torch.manualSeed(1)
   tester:eq(list(torch.LongTensor(2):random()), { 1791095845, 4282876139 }, 'Long: the word')
   torch.manualSeed(1)
   tester:eq(list(torch.Tensor(6):geometric(0.5)), { 1, 9, 2, 4, 1, 1 }, 'geometric')
   torch.manualSeed(1)
   tester:eq(torch.geometric(0.5), 1, 'scalar geometric')
   tester:eq(math.type(torch.geometric(0.5)), 'integer')
end

function tests.reference_continuous()
   torch.manualSeed(1)
   tester:eq(list(torch.Tensor(3):exponential(2)),
             { 0.26980291325593153, 2.936362430490697, 0.6370626190799632 }, 'exponential')
   torch.manualSeed(1)
   tester:eq(list(torch.Tensor(3):cauchy(1, 2)),
             { 0.4664938105230463, 227.1313628606666, 2.6579809477042717 }, 'cauchy')
   torch.manualSeed(1)
   tester:eq(list(torch.Tensor(3):logNormal(1, 2)),
             { 0.01030744357626495, 3.8992375138301045, 0.2590159716277448 }, 'logNormal')
   torch.manualSeed(1)
   tester:eq({ torch.exponential(2), torch.cauchy(1, 2), torch.logNormal(1, 2) },
             { 0.26980291325593153, 227.1313628606666, 0.2590159716277448 },
             'one word each, then a Box-Muller pair on words 3 and 4 (the fill\'s 3rd value)')
end

function tests.defaults()
   -- uniform(0,1), normal(0,1), cauchy(0,1), logNormal(1,2), bernoulli(0.5), exponential(1)
   local function same(f, g)
      torch.manualSeed(3)
      local a = f()
      torch.manualSeed(3)
      tester:eq(a, g())
   end
   same(function() return torch.uniform() end, function() return torch.uniform(0, 1) end)
   same(function() return torch.normal() end, function() return torch.normal(0, 1) end)
   same(function() return torch.cauchy() end, function() return torch.cauchy(0, 1) end)
   same(function() return torch.logNormal() end, function() return torch.logNormal(1, 2) end)
   same(function() return torch.bernoulli() end, function() return torch.bernoulli(0.5) end)
   same(function() return torch.exponential() end, function() return torch.exponential(1) end)
   same(function() return torch.Tensor(4):normal() end,
        function() return torch.Tensor(4):normal(0, 1) end)
end

function tests.normal_cache()
   -- the sin half of a pair survives between calls and fills, and a reseed drops it
   torch.manualSeed(1)
   local a = torch.randn(3)
   local b = torch.randn(2)
   torch.manualSeed(1)
   local ab = list(a)
   for _, v in ipairs(list(b)) do ab[#ab + 1] = v end
   tester:eq(ab, list(torch.randn(5)), 'fills share the cache')
   torch.manualSeed(1)
   local first = torch.normal()
   torch.manualSeed(1)
   tester:eq(torch.normal(), first, 'reseeding drops the cached value')
end

function tests.generators()
   local g = torch.Generator()
   tester:eq(torch.typename(g), 'torch.Generator')
   tester:eq(torch.type(g), 'torch.Generator')
   tester:assert(tostring(g):find('^torch.Generator: ') ~= nil, 'tostring')
   tester:eq(torch.typename(torch.Generator.new()), 'torch.Generator')
   tester:eq(torch.typename(torch._gen), 'torch.Generator', 'the default generator')

   torch.manualSeed(g, 123)
   torch.manualSeed(99)
   tester:eq(torch.uniform(g), 0.6964691872708499, 'torch.uniform(gen)')
   tester:eq(torch.initialSeed(g), 123)
   tester:eq(torch.initialSeed(), 99, 'the default generator is separate')
   torch.manualSeed(99)
   local d = torch.random()
   torch.manualSeed(99)
   torch.manualSeed(g, 1)
   tester:eq(list(torch.rand(g, 3)), { 0.4170219984371215, 0.99718480813317, 0.720324489288032 },
             'torch.rand(gen, n)')
   tester:eq(torch.random(), d, 'drawing from gen leaves the default stream alone')

   -- every position the generator may take
   g:manualSeed(1)
   local res = torch.Tensor()
   tester:assert(torch.rand(res, g, 2, 2) == res, 'torch.rand(res, gen, ...) returns res')
   tester:eq(res:storage()[1], 0.4170219984371215)
   g:manualSeed(1)
   tester:eq(torch.Tensor(1):uniform(g)[1], 0.4170219984371215, 't:uniform(gen)')
   g:manualSeed(1)
   tester:eq(torch.Tensor(1):uniform(g, 0, 2)[1], 0.4170219984371215 * 2, 't:uniform(gen, a, b)')
   g:manualSeed(1)
   tester:eq(list(torch.randperm(g, 10)), { 6, 7, 2, 3, 1, 9, 10, 4, 8, 5 }, 'randperm(gen, n)')
   g:manualSeed(1)
   tester:eq(list(torch.multinomial(g, torch.Tensor({ 0.1, 0.2, 0.3, 0.4 }), 4)), { 3, 4, 2, 1 },
             'multinomial(gen, p, n)')
   g:manualSeed(1)
   tester:eq({ torch.random(g), g:random(), torch.random(g, 10) },
             { 1791095845, 4282876139, 3093770124 % 10 + 1 }, 'random(gen ...)')
   g:manualSeed(7)
   tester:eq(torch.normal(g, 2, 3), 3.9116917847009844, 'normal(gen, mean, std)')
   g:manualSeed(1)
   tester:eq(list(torch.Tensor(8):bernoulli(g, 0.3)), { 0, 0, 0, 0, 1, 1, 0, 0 })
   tester:eq(g:initialSeed(), 1, 'generator methods')
   local s = g:seed()
   tester:eq(g:initialSeed(), s, 'gen:seed() reports the new seed')
   -- two generators with one seed give one stream
   local h = torch.Generator()
   g:manualSeed(5)
   h:manualSeed(5)
   tester:eq(list(torch.randn(g, 7)), list(torch.randn(h, 7)))
end

function tests.seeds()
   local s = torch.seed()
   tester:eq(torch.initialSeed(), s, 'seed() returns the seed it set')
   tester:eq(math.type(s), 'integer')
   local a = torch.random()
   torch.manualSeed(s)
   tester:eq(torch.random(), a, 'manualSeed(seed()) reproduces')
   torch.manualSeed(-3)
   tester:eq(torch.initialSeed(), -3, 'negative seeds round-trip')
   local b = torch.random()
   torch.manualSeed(torch.initialSeed())
   tester:eq(torch.random(), b)
   torch.manualSeed(2.0)
   tester:eq(torch.initialSeed(), 2, 'integral floats are seeds')
   local g1, g2 = torch.Generator(), torch.Generator()
   tester:ne(g1:initialSeed(), g2:initialSeed(), 'new generators are seeded apart')
end

function tests.rng_state()
   torch.manualSeed(42)
   torch.rand(10)
   torch.normal()                          -- a cached sin value is part of the state
   local state = torch.getRNGState()
   tester:eq(torch.type(state), 'torch.ByteTensor')
   tester:eq(state:nElement(), 5048, 'the whole generator (Torch7 layout)')
   local want = torch.randn(5)
   torch.manualSeed(1)
   tester:assert(torch.setRNGState(state) == state, 'setRNGState returns the state')
   tester:eq(list(torch.randn(5)), list(want), 'round trip continues the stream')
   -- the state is a copy, and works across generators
   local g = torch.Generator()
   torch.setRNGState(g, state)
   torch.setRNGState(state)
   tester:eq(list(torch.randn(g, 3)), list(torch.randn(3)))
   local into = torch.ByteTensor(7)
   tester:assert(torch.getRNGState(g, into) == into, 'getRNGState into a given tensor')
   tester:eq(into:nElement(), 5048)
   tester:eq(torch.getRNGState(torch.getRNGState()):nElement(), 5048)
end

function tests.fills_follow_row_major_order()
   -- a transposed view gets the same values, position for position, as a
   -- contiguous tensor of its shape
   torch.manualSeed(11)
   local c = torch.randn(4, 3)
   local t = torch.Tensor(3, 4):t()
   tester:assert(not t:isContiguous())
   torch.manualSeed(11)
   tester:assert(t:normal() == t, 'fills return self')
   tester:eq(t:totable(), c:totable())
   -- a narrow column: only its elements change
   local m = torch.Tensor(3, 3):fill(-1)
   torch.manualSeed(2)
   m:select(2, 2):uniform()
   torch.manualSeed(2)
   local u = torch.rand(3)
   for i = 1, 3 do
      tester:eq(m[i][2], u[i])
      tester:eq(m[i][1], -1)
      tester:eq(m[i][3], -1)
   end
   -- torch.f(t, ...) is t:f(...)
   torch.manualSeed(1)
   local x = torch.Tensor(3)
   tester:assert(torch.uniform(x) == x)
   tester:eq(x[1], 0.4170219984371215)
   -- empty tensors draw nothing
   torch.manualSeed(1)
   local e = torch.Tensor()
   tester:assert(e:uniform() == e)
   tester:eq(torch.random(), 1791095845)
end

function tests.block_fills_match_single_draws()
   -- fills draw their words in blocks; they must be the words single draws
   -- give, across the generator's 624-word twists, whatever was drawn before
   for _, pre in ipairs({ 0, 1, 623, 624, 700 }) do
      for _, n in ipairs({ 1, 255, 256, 257, 623, 624, 625, 1249, 3000 }) do
         local what = pre .. ' draws, then ' .. n
         torch.manualSeed(5)
         for _ = 1, pre do torch.random() end
         local words = {}
         for i = 1, n + 1 do words[i] = torch.random() end
         local function replay(fill)
            torch.manualSeed(5)
            for _ = 1, pre do torch.random() end
            local x = fill()
            tester:eq(torch.random(), words[n + 1], 'the draw after the fill: ' .. what)
            return x
         end
         local u = replay(function() return torch.DoubleTensor(n):uniform(-1, 3) end)
         local b = replay(function() return torch.FloatTensor(n):bernoulli(0.3) end)
         local r = replay(function() return torch.LongTensor(n):random() end)
         -- a strided destination takes the same values
         local st = replay(function() return torch.DoubleTensor(n, 2):select(2, 2):uniform(-1, 3) end)
         local bad = 0
         for i = 1, n do
            local w = words[i] / 2 ^ 32
            if u[i] ~= w * 4 - 1 or st[i] ~= u[i] then bad = bad + 1 end
            if b[i] ~= (w <= 0.3 and 1 or 0) then bad = bad + 1 end
            if r[i] ~= words[i] then bad = bad + 1 end
         end
         tester:eq(bad, 0, 'values: ' .. what)
      end
   end
end

function tests.dtypes()
   for _, name in ipairs({ 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }) do
      local t = torch[name .. 'Tensor'](200)
      t:random(3, 7)
      tester:assert(t:min() >= 3 and t:max() <= 7, name .. ' random(3, 7)')
      t:random(5)
      tester:assert(t:min() >= 1 and t:max() <= 5, name .. ' random(5)')
      t:bernoulli(0.5)
      tester:assert(t:min() == 0 and t:max() == 1, name .. ' bernoulli')
      t:geometric(0.3)
      tester:assert(t:min() >= 1, name .. ' geometric')
      t:random()
      tester:assert(t:min() >= 0, name .. ' random() is non-negative')
   end
   tester:eq(torch.ShortTensor(500):random():max() <= 32767, true)
   tester:eq(torch.FloatTensor(5):random():max() <= 2 ^ 24, true)
   -- bernoulli with a tensor of probabilities (Float or Double, any target type)
   local p = torch.FloatTensor({ 0, 1, 0, 1 })
   tester:eq(list(torch.ByteTensor(4):bernoulli(p)), { 0, 1, 0, 1 })
   tester:eq(torch.Tensor(2, 2):bernoulli(torch.Tensor({ 1, 0, 0, 1 })):totable(),
             { { 1, 0 }, { 0, 1 } }, 'same element count: paired in row-major order')
   tester:eq(torch.Tensor(3, 2):bernoulli(torch.Tensor({ 0, 1 })):totable(),
             { { 0, 1 }, { 0, 1 }, { 0, 1 } }, 'broadcast over rows')
   local q = torch.Tensor({ 1, 0, 1 })
   tester:eq(list(q:bernoulli(q)), { 1, 0, 1 }, 'probabilities may be self')
end

function tests.rand_randn_forms()
   tester:eq(torch.rand(2, 3):size():totable(), { 2, 3 })
   tester:eq(torch.randn(torch.LongStorage({ 4, 1, 2 })):size():totable(), { 4, 1, 2 })
   tester:eq(torch.rand({ 2, 2 }):size():totable(), { 2, 2 }, 'a table of sizes')
   tester:eq(torch.type(torch.rand(2)), 'torch.DoubleTensor')
   tester:eq(torch.type(torch.rand(2, 'torch.FloatTensor')), 'torch.FloatTensor')
   tester:eq(torch.rand():nElement(), 0, 'no sizes: empty')
   tester:eq(torch.rand(0):nElement(), 0)
   torch.setdefaulttensortype('torch.FloatTensor')
   local ok, t = pcall(torch.randn, 3)
   torch.setdefaulttensortype('torch.DoubleTensor')
   tester:assert(ok and torch.type(t) == 'torch.FloatTensor', 'follows the default type')
   local r = torch.FloatTensor()
   tester:assert(torch.randn(r, 2, 5) == r, 'result tensor reused')
   tester:eq(r:size():totable(), { 2, 5 })
   tester:assert(r:rand(3) == r, 't:rand(sizes) resizes and fills t')
   tester:eq(r:size():totable(), { 3 })
   local u = torch.rand(1000)
   tester:assert(u:min() >= 0 and u:max() < 1, 'rand in [0, 1)')
end

function tests.randperm_forms()
   local p = torch.randperm(50)
   tester:eq(torch.type(p), 'torch.DoubleTensor', 'the default type, as Torch7')
   local seen = {}
   for _, v in ipairs(p:totable()) do seen[v] = (seen[v] or 0) + 1 end
   for i = 1, 50 do tester:eq(seen[i], 1, 'a permutation of 1..n') end
   tester:eq(torch.type(torch.randperm(5, 'torch.LongTensor')), 'torch.LongTensor')
   local r = torch.LongTensor()
   tester:assert(torch.randperm(r, 4) == r)
   tester:eq(r:nElement(), 4)
   tester:assert(r:randperm(6) == r, 'as a method')
   tester:eq(torch.randperm(0):nElement(), 0)
   tester:eq(list(torch.randperm(1)), { 1 })
end

function tests.multinomial_forms()
   local p = torch.Tensor({ 0, 0, 5, 0 })
   tester:eq(list(torch.multinomial(p, 3, true)), { 3, 3, 3 }, 'only the non-zero category')
   tester:eq(torch.type(torch.multinomial(p, 1)), 'torch.LongTensor')
   local res = torch.LongTensor()
   tester:assert(torch.multinomial(res, p, 2, true) == res, 'result tensor first')
   tester:assert(res:multinomial(p, 2, true) == res, "Torch7's method: res:multinomial(p, n)")
   tester:eq(list(p:multinomial(2, true)), { 3, 3 }, 'probs:multinomial(n) too')
   tester:eq(list(torch.multinomial(torch.Generator(), p, 1)), { 3 })
   local g = torch.Generator()
   g:manualSeed(1)
   tester:eq(list(torch.Tensor({ 0.1, 0.2, 0.3, 0.4 }):multinomial(g, 4)), { 3, 4, 2, 1 },
             'probs:multinomial(gen, n)')
   tester:assertErrorMsg(function() torch.Tensor({ 1, -1 }):multinomial(g, 1) end,
      "calling 'multinomial' on bad self (invalid multinomial distribution: probability -1 " ..
      "at index 2 (must be finite and >= 0))")
   tester:eq(list(torch.multinomial(res, torch.Generator(), p, 1)), { 3 })
   local draws = torch.multinomial(torch.Tensor(100):fill(1), 100)
   local seen = {}
   for _, v in ipairs(draws:totable()) do seen[v] = true end
   local n = 0
   for _ in pairs(seen) do n = n + 1 end
   tester:eq(n, 100, 'without replacement: all distinct')
   local both = list(torch.multinomial(torch.FloatTensor({ 1, 1e-20 }), 2))
   table.sort(both)
   tester:eq(both, { 1, 2 }, 'a negligible category is still drawn when it is the last one')
end

function tests.statistics()
   -- loose checks that the distributions are the right ones (5+ sigma)
   torch.manualSeed(1234)
   local n = 100000
   local u = torch.rand(n)
   tester:assertalmosteq(u:mean(), 0.5, 0.005, 'uniform mean')
   local z = torch.randn(n)
   tester:assertalmosteq(z:mean(), 0, 0.02, 'normal mean')
   tester:assertalmosteq(z:std(), 1, 0.02, 'normal std')
   tester:assertalmosteq(torch.Tensor(n):normal(3, 2):mean(), 3, 0.04, 'normal(3, 2) mean')
   tester:assertalmosteq(torch.Tensor(n):exponential(4):mean(), 0.25, 0.006, 'exponential')
   tester:assertalmosteq(torch.Tensor(n):bernoulli(0.2):mean(), 0.2, 0.007, 'bernoulli')
   -- Torch7's geometric: P(i) = (1-p) p^(i-1), mean 1/(1-p)
   tester:assertalmosteq(torch.Tensor(n):geometric(0.5):mean(), 2, 0.03, 'geometric')
   tester:assertalmosteq(torch.Tensor(n):logNormal(2, 1):mean(), 2, 0.05, 'logNormal mean')
   local r = torch.Tensor(n):random(-3, 3)
   tester:eq({ r:min(), r:max() }, { -3, 3 }, 'random bounds are inclusive')
   tester:assertalmosteq(r:mean(), 0, 0.03, 'random(-3, 3) mean')
   local m = torch.multinomial(torch.Tensor({ 1, 3 }), n, true)
   tester:assertalmosteq(m:eq(2):sum() / n, 0.75, 0.01, 'multinomial frequencies')
   local big = torch.LongTensor(200):random(0, 2 ^ 40)
   tester:assert(big:max() > 2 ^ 32, 'ranges wider than 2^32 are covered')
end

function tests.errors()
   local function msg(f, m) tester:assertErrorMsg(f, m, m) end
   msg(function() torch.normal(0, 0) end,
       "bad argument #2 to 'normal' (standard deviation must be strictly positive (got 0))")
   msg(function() torch.Tensor(3):normal(0, -1) end,
       "bad argument #2 to 'normal' (standard deviation must be strictly positive (got -1))")
   msg(function() torch.Tensor(3):normal(torch.Generator(), 0, -1) end,
       "bad argument #3 to 'normal' (standard deviation must be strictly positive (got -1))")
   msg(function() torch.randn(2):normal(0, 0 / 0) end,
       "bad argument #2 to 'normal' (standard deviation must be strictly positive (got nan))")
   msg(function() torch.logNormal(1, 0) end,
       "bad argument #2 to 'logNormal' (standard deviation must be strictly positive (got 0))")
   msg(function() torch.logNormal(0, 1) end, "bad argument #1 to 'logNormal' (mean must be " ..
       "strictly positive (got 0): it is the mean of the log-normal values)")
   msg(function() torch.bernoulli(1.5) end,
       "bad argument #1 to 'bernoulli' (probability must be >= 0 and <= 1 (got 1.5))")
   msg(function() torch.Tensor(2):bernoulli(-0.1) end,
       "bad argument #1 to 'bernoulli' (probability must be >= 0 and <= 1 (got -0.1))")
   msg(function() torch.Tensor(2):bernoulli(torch.Tensor({ 0.5, 2 })) end,
       "bad argument #1 to 'bernoulli' (probability must be >= 0 and <= 1 (got 2 at element 2))")
   msg(function() torch.Tensor(2, 3):bernoulli(torch.Tensor(4)) end,
       "bad argument #1 to 'bernoulli' (size mismatch: probabilities of size 4 for a tensor " ..
       "of size 2x3)")
   msg(function() torch.Tensor(3):bernoulli('x') end,
       "bad argument #1 to 'bernoulli' (torch.Generator, number or tensor expected, got string)")
   msg(function() torch.geometric(1) end,
       "bad argument #1 to 'geometric' (probability must be > 0 and < 1 (got 1))")
   msg(function() torch.geometric() end,
       "bad argument #1 to 'geometric' (torch.Generator or number expected, got no value)")
   msg(function() torch.exponential(0) end,
       "bad argument #1 to 'exponential' (lambda must be strictly positive (got 0))")
   msg(function() torch.cauchy(0, -2) end,
       "bad argument #2 to 'cauchy' (sigma must be strictly positive (got -2))")
   msg(function() torch.uniform(2, 1) end,
       "bad argument #2 to 'uniform' (upper bound 1 is below lower bound 2)")
   msg(function() torch.Tensor(2):uniform(0, math.huge) end,
       "bad argument #2 to 'uniform' (bounds must be finite (got 0 and inf))")
   msg(function() torch.random(5, 1) end,
       "bad argument #2 to 'random' (upper bound 1 is below lower bound 5)")
   msg(function() torch.Tensor(2):random(0) end,
       "bad argument #1 to 'random' (upper bound must be strictly positive (got 0))")
   msg(function() torch.random(1.5) end, "bad argument #1 to 'random' (integer expected, got 1.5)")
   msg(function() torch.random(1, 2, 3) end,
       "bad argument #3 to 'random' (unexpected argument (usage: random([gen,] [a [, b]])))")
   msg(function() torch.LongTensor(3):uniform() end, "calling 'uniform' on bad self (uniform " ..
       "is only defined for torch.FloatTensor and torch.DoubleTensor, got a torch.LongTensor)")
   msg(function() torch.rand(3, 'torch.IntTensor') end, "rand: rand is only defined for " ..
       "torch.FloatTensor and torch.DoubleTensor, got torch.IntTensor")
   msg(function() torch.rand(3, 'torch.HalfTensor') end,
       "bad argument #2 to 'rand' (unknown tensor type 'torch.HalfTensor')")
   msg(function() torch.rand(2.5) end, "bad argument #1 to 'rand' (integer expected, got 2.5)")
   msg(function() torch.rand(-1) end, "rand: invalid size -1 at dimension 1 (sizes must be >= 0)")
   msg(function() torch.randn(true) end,
       "bad argument #1 to 'randn' (torch.Generator or sizes expected, got boolean)")
   msg(function() local t = torch.Tensor(3); t:free(); t:uniform() end,
       "calling 'uniform' on bad self (tensor was closed (<close> or :free()))")
end

function tests.generator_and_seed_errors()
   local function msg(f, m) tester:assertErrorMsg(f, m, m) end
   msg(function() torch.manualSeed({}) end,
       "bad argument #1 to 'manualSeed' (torch.Generator or integer expected, got table)")
   msg(function() torch.manualSeed(torch.Tensor(1), 2) end, "bad argument #1 to 'manualSeed' " ..
       "(torch.Generator or integer expected, got torch.DoubleTensor)")
   msg(function() torch.manualSeed(1.5) end,
       "bad argument #1 to 'manualSeed' (integer expected, got 1.5)")
   msg(function() torch.manualSeed() end,
       "bad argument #1 to 'manualSeed' (torch.Generator or integer expected, got no value)")
   msg(function() torch.manualSeed(torch.Generator()) end,
       "bad argument #2 to 'manualSeed' (integer expected, got no value)")
   msg(function() torch.normal({}, 1) end,
       "bad argument #1 to 'normal' (torch.Generator or number expected, got table)")
   msg(function() torch.rand(torch.Tensor(2), { 'a' }) end,
       "bad argument #2 to 'rand' (sizes: entry 1 is not an integer)")
   msg(function() torch.rand(torch.Generator(), { 2 }, 3) end, "bad argument #3 to 'rand' " ..
       "(unexpected argument (usage: rand([res,] [gen,] sizes...)))")
   msg(function() torch.seed(5) end,
       "bad argument #1 to 'seed' (torch.Generator expected, got number)")
   msg(function() torch.Generator(5) end, "bad argument #1 to 'Generator' (torch.Generator() " ..
       "takes no arguments (seed it with gen:manualSeed(seed)))")
   msg(function() torch.initialSeed('x') end,
       "bad argument #1 to 'initialSeed' (torch.Generator expected, got string)")
end

function tests.state_errors()
   local function msg(f, m) tester:assertErrorMsg(f, m, m) end
   local before = torch.getRNGState()
   msg(function() torch.setRNGState(torch.ByteTensor(10)) end, "bad argument #1 to " ..
       "'setRNGState' (RNG state is wrong size: 10 (10 bytes), expected 5048 bytes)")
   msg(function() torch.setRNGState(torch.FloatTensor(5048)) end, "bad argument #1 to " ..
       "'setRNGState' (RNG state must be a torch.ByteTensor, got a torch.FloatTensor)")
   msg(function() torch.setRNGState(torch.ByteTensor(5048):zero()) end, "bad argument #1 to " ..
       "'setRNGState' (invalid RNG state (not a state saved by getRNGState))")
   msg(function() torch.setRNGState(torch.Generator(), torch.ByteTensor(5048):fill(255)) end,
       "bad argument #2 to 'setRNGState' (invalid RNG state (not a state saved by getRNGState))")
   msg(function() torch.setRNGState() end, "bad argument #1 to 'setRNGState' " ..
       "(torch.Generator or torch.ByteTensor expected, got no value)")
   msg(function() torch.setRNGState('state') end, "bad argument #1 to 'setRNGState' " ..
       "(torch.Generator or torch.ByteTensor expected, got string)")
   msg(function() torch.getRNGState(torch.FloatTensor()) end, "bad argument #1 to " ..
       "'getRNGState' (RNG state must be a torch.ByteTensor, got a torch.FloatTensor)")
   -- corrupting one field of a real state is caught, and the generator is untouched
   local s = torch.getRNGState()
   s[9] = 0                                 -- low byte of `left`: 1 -> 0 or 624 -> 112
   s[10] = 0
   msg(function() torch.setRNGState(s) end, "bad argument #1 to 'setRNGState' (invalid RNG " ..
       "state (not a state saved by getRNGState))")
   tester:assert(torch.getRNGState():equal(before), 'refused states leave the generator alone')
end

function tests.multinomial_errors()
   local function msg(f, m) tester:assertErrorMsg(f, m, m) end
   msg(function() torch.multinomial(torch.Tensor({ 0.5, -1 }), 1) end, "bad argument #1 to " ..
       "'multinomial' (invalid multinomial distribution: probability -1 at index 2 (must be " ..
       "finite and >= 0))")
   msg(function() torch.multinomial(torch.Tensor({ { 1, 1 }, { 1, 0 / 0 } }), 1) end,
       "bad argument #1 to 'multinomial' (invalid multinomial distribution: probability nan " ..
       "at row 2, column 2 (must be finite and >= 0))")
   msg(function() torch.multinomial(torch.Tensor({ 1, math.huge }), 1) end, "bad argument #1 " ..
       "to 'multinomial' (invalid multinomial distribution: probability inf at index 2 (must " ..
       "be finite and >= 0))")
   msg(function() torch.multinomial(torch.Tensor({ 0, 0 }), 1) end, "bad argument #1 to " ..
       "'multinomial' (invalid multinomial distribution: the probabilities sum to 0 (must be " ..
       "> 0 and finite))")
   msg(function() torch.multinomial(torch.Tensor({ 1, 0, 0 }), 2) end, "bad argument #1 to " ..
       "'multinomial' (cannot sample 2 samples without replacement from a distribution with " ..
       "1 non-zero probabilities)")
   msg(function() torch.multinomial(torch.Tensor({ 1, 1 }), 3) end, "bad argument #2 to " ..
       "'multinomial' (cannot sample 3 samples from 2 categories without replacement)")
   msg(function() torch.multinomial(torch.Tensor({ 1, 1 }), 0) end, "bad argument #2 to " ..
       "'multinomial' (number of samples must be strictly positive (got 0))")
   msg(function() torch.multinomial(torch.Tensor({ 1, 1 }), 1.5) end,
       "bad argument #2 to 'multinomial' (integer expected, got 1.5)")
   msg(function() torch.multinomial(torch.Tensor({ 1, 1 }), 1, 'yes') end,
       "bad argument #3 to 'multinomial' (boolean expected, got string)")
   msg(function() torch.multinomial(torch.Tensor(2, 2, 2):fill(1), 1) end, "bad argument #1 " ..
       "to 'multinomial' (probabilities must be a 1D or 2D tensor, got 2x2x2)")
   msg(function() torch.multinomial(torch.Tensor(), 1) end, "bad argument #1 to " ..
       "'multinomial' (probabilities must be a 1D or 2D tensor, got empty)")
   msg(function() torch.multinomial(torch.Tensor(3, 0), 1) end, "bad argument #1 to " ..
       "'multinomial' (probabilities must have at least one category, got 3x0)")
   msg(function() torch.multinomial(torch.Tensor(1), torch.Tensor({ 1, 1 }), 1) end,
       "bad argument #1 to 'multinomial' (result must be a torch.LongTensor, got a " ..
       "torch.DoubleTensor)")
   msg(function() torch.multinomial({ 1, 2 }, 1) end,
       "bad argument #1 to 'multinomial' (torch.Generator or tensor expected, got table)")
   msg(function() torch.randperm(-1) end,
       "bad argument #1 to 'randperm' (n must be non-negative (got -1))")
   msg(function() torch.randperm(300, 'torch.ByteTensor') end,
       "bad argument #1 to 'randperm' (n = 300 does not fit a torch.ByteTensor (at most 255))")
   msg(function() torch.randperm(2 ^ 24 + 1, 'torch.FloatTensor') end, "bad argument #1 to " ..
       "'randperm' (n = 16777217 does not fit a torch.FloatTensor (at most 16777216))")
end

tester:add(tests)
tester:run()

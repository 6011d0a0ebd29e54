-- Replaces the published pool registry in one step, so an API process never reads a half-written one.
-- KEYS[1] = registry set; ARGV[1] = pool hash key prefix; ARGV[2] = pool count;
-- then per pool: name, field count, field, value, ...
local registry, prefix = KEYS[1], ARGV[1]
local wanted = {}
local i = 3
for _ = 1, tonumber(ARGV[2]) do
  local name, nfields = ARGV[i], tonumber(ARGV[i + 1])
  i = i + 2
  wanted[name] = true
  redis.call('DEL', prefix .. name)
  if nfields > 0 then
    redis.call('HSET', prefix .. name, unpack(ARGV, i, i + 2 * nfields - 1))
  end
  redis.call('SADD', registry, name)
  i = i + 2 * nfields
end
for _, name in ipairs(redis.call('SMEMBERS', registry)) do
  if not wanted[name] then
    redis.call('SREM', registry, name)
    redis.call('DEL', prefix .. name)
  end
end
return 1

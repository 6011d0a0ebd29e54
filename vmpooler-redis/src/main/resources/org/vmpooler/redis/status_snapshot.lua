-- Everything /status needs in one round trip, whatever the number of pools and VMs.
-- ARGV = six queue prefixes (VmState order), lastboot hash, pool clone counter, on-demand clone counter,
--        new-request zset, task zset, request hash prefix, clone statistic, boot statistic, pool count, pools...
local n = 0
local function arg()
  n = n + 1
  return ARGV[n]
end
local prefixes = {}
for s = 1, 6 do
  prefixes[s] = arg()
end
local lastboot, poolSlots, ondemandSlots = arg(), arg(), arg()
local newRequests, tasks, requestPrefix, cloneStat, bootStat = arg(), arg(), arg(), arg(), arg()

local counts, boots = {}, {}
for p = 1, tonumber(arg()) do
  local pool = arg()
  for s = 1, 6 do
    counts[#counts + 1] = redis.call('SCARD', prefixes[s] .. pool)
  end
  boots[p] = redis.call('HGET', lastboot, pool) or ''
end

local function counter(key)
  return tonumber(redis.call('GET', key) or '0') or 0
end

-- VMs asked for but not yet being cloned: lines of new requests plus queued clone tasks.
local requested = 0
for _, id in ipairs(redis.call('ZRANGE', newRequests, 0, -1)) do
  local lines = redis.call('HGET', requestPrefix .. id, 'requested') or ''
  for count in string.gmatch(lines, '[^,:]+:[^,:]+:%s*(%d+)') do
    requested = requested + tonumber(count)
  end
end
for _, member in ipairs(redis.call('ZRANGE', tasks, 0, -1)) do
  requested = requested + (tonumber(string.match(member, '^[^:]*:[^:]*:(%d+):')) or 0)
end

return {counts, boots, counter(poolSlots), counter(ondemandSlots), requested,
        redis.call('HVALS', cloneStat), redis.call('HVALS', bootStat)}
